//! A lab's shared memory, declared once.
//!
//! Each lab keeps what the page watches in one `static` of atomics. The page
//! builds typed-array views over those bytes (`www/src/engine/memory-view.js`),
//! so it needs each field's name, address, element type and length. Written by
//! hand those came as a list of names paired with offsets *by position* — a
//! reorder compiled and was wrong. [`shared_memory!`](crate::shared_memory)
//! wraps the struct's own definition and derives every field's entry from it
//! with `offset_of!` and the field's type, so there is nothing to keep in step.
//!
//! ```
//! use core::sync::atomic::AtomicU32;
//! threadlab::shared_memory! {
//!     /// What the page watches.
//!     pub struct Demo {
//!         /// Increments landed so far.
//!         pub counter: AtomicU32,
//!         /// `progress[t]`: steps thread `t` has done.
//!         pub progress: [AtomicU32; 4],
//!     }
//! }
//! use threadlab::memory::SharedMemory;
//! assert_eq!(Demo::FIELDS[1].name, "progress");
//! assert_eq!(Demo::FIELDS[1].len, 4);
//! ```

use core::sync::atomic::{AtomicBool, AtomicI32, AtomicU16, AtomicU32, AtomicU64, AtomicU8};
use serde::Serialize;
use std::collections::BTreeMap;

/// The element type of a field, named as the page's typed arrays need it:
/// `u8` → `Uint8Array`, `i32` → `Int32Array` (the one `Atomics.wait` takes), …
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    U8,
    U16,
    U32,
    I32,
    U64,
}

/// A type that can sit in shared memory as a run of one [`Kind`]: an atomic,
/// or an array of them (of any depth).
pub trait Cells {
    /// Element type.
    const KIND: Kind;
    /// Number of elements.
    const LEN: usize;
}

macro_rules! cells {
    ($($t:ty => $k:ident),*) => {
        $(impl Cells for $t {
            const KIND: Kind = Kind::$k;
            const LEN: usize = 1;
        })*
    };
}
cells!(AtomicU8 => U8, AtomicBool => U8, AtomicU16 => U16, AtomicU32 => U32, AtomicI32 => I32, AtomicU64 => U64);

impl<T: Cells, const N: usize> Cells for [T; N] {
    const KIND: Kind = T::KIND;
    const LEN: usize = N * T::LEN;
}

/// One field as declared: its Rust name, offset from the start of the struct,
/// element type and length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldDecl {
    pub name: &'static str,
    pub offset: usize,
    pub kind: Kind,
    pub len: usize,
}

/// Implemented by [`shared_memory!`](crate::shared_memory): the struct's fields in
/// declaration order.
pub trait SharedMemory: Sized + 'static {
    const FIELDS: &'static [FieldDecl];
}

/// An address or a length as a JS number. (serde writes every `usize` as a
/// `u64`, which the boundary turns into a `BigInt`: typed-array constructors
/// refuse those.)
fn number<S: serde::Serializer>(v: &usize, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(*v as f64)
}

/// One field as the page gets it: `name` in camelCase, `offset` the byte
/// address in linear memory (where the page's view starts).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Field {
    pub name: String,
    #[serde(serialize_with = "number")]
    pub offset: usize,
    pub kind: Kind,
    #[serde(serialize_with = "number")]
    pub len: usize,
}

/// A lab's memory as the page gets it (`{base, size, fields, consts}`): what
/// `memory-view.js` turns into typed arrays, and the constants the page needs
/// (bounds, state codes) so it copies none of them.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Layout {
    #[serde(serialize_with = "number")]
    pub base: usize,
    #[serde(serialize_with = "number")]
    pub size: usize,
    pub fields: Vec<Field>,
    pub consts: BTreeMap<&'static str, f64>,
}

/// `snake_case` → `camelCase`, the page's spelling.
pub fn camel(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The layout of `mem`, wherever it lives (in wasm its address is the offset
/// into linear memory), with `consts` for the page.
pub fn layout<M: SharedMemory>(mem: &M, consts: &[(&'static str, f64)]) -> Layout {
    let base = mem as *const M as usize;
    Layout {
        base,
        size: core::mem::size_of::<M>(),
        fields: M::FIELDS
            .iter()
            .map(|f| Field {
                name: camel(f.name),
                offset: base + f.offset,
                kind: f.kind,
                len: f.len,
            })
            .collect(),
        consts: consts.iter().copied().collect(),
    }
}

/// Declares a lab's shared memory: the struct (made `#[repr(C)]`) and its
/// [`SharedMemory`] field list, from one definition. Every field must be an
/// atomic or an array of atomics ([`Cells`]); anything else does not compile.
#[macro_export]
macro_rules! shared_memory {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident {
            $( $(#[$fmeta:meta])* $fvis:vis $field:ident : $ty:ty ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[repr(C)]
        $vis struct $name {
            $( $(#[$fmeta])* $fvis $field: $ty ),*
        }

        impl $crate::memory::SharedMemory for $name {
            const FIELDS: &'static [$crate::memory::FieldDecl] = &[
                $( $crate::memory::FieldDecl {
                    name: stringify!($field),
                    offset: ::core::mem::offset_of!($name, $field),
                    kind: <$ty as $crate::memory::Cells>::KIND,
                    len: <$ty as $crate::memory::Cells>::LEN,
                } ),*
            ];
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::sync::atomic::AtomicU32;

    crate::shared_memory! {
        /// A test memory with a byte array between words (padding follows it).
        pub struct Probe {
            pub stop: AtomicU32,
            pub bytes: [AtomicU8; 3],
            pub wide_field: [[AtomicU32; 2]; 3],
            pub big: AtomicU64,
        }
    }

    #[test]
    fn fields_follow_the_declaration_with_real_offsets() {
        let f = Probe::FIELDS;
        assert_eq!(f.len(), 4);
        assert_eq!(
            (f[0].name, f[0].offset, f[0].kind, f[0].len),
            ("stop", 0, Kind::U32, 1)
        );
        assert_eq!((f[1].offset, f[1].kind, f[1].len), (4, Kind::U8, 3));
        // After three bytes, alignment puts the next u32 at 8, not 7.
        assert_eq!((f[2].offset, f[2].kind, f[2].len), (8, Kind::U32, 6));
        assert_eq!((f[3].offset, f[3].kind), (32, Kind::U64));
    }

    #[test]
    fn layout_is_absolute_and_camel_cased() {
        #[allow(clippy::declare_interior_mutable_const)]
        const Z: AtomicU32 = AtomicU32::new(0);
        let p = Box::new(Probe {
            stop: Z,
            bytes: [const { AtomicU8::new(0) }; 3],
            wide_field: [const { [Z; 2] }; 3],
            big: AtomicU64::new(0),
        });
        let l = layout(&*p, &[("maxRuns", 50.0)]);
        let base = &*p as *const Probe as usize;
        assert_eq!(l.base, base);
        assert_eq!(l.size, core::mem::size_of::<Probe>());
        assert_eq!(l.fields[2].name, "wideField");
        assert_eq!(l.fields[2].offset, base + 8);
        assert_eq!(l.consts.get("maxRuns"), Some(&50.0));
        for f in &l.fields {
            let bytes = match f.kind {
                Kind::U8 => 1,
                Kind::U16 => 2,
                Kind::U32 | Kind::I32 => 4,
                Kind::U64 => 8,
            };
            assert!(
                f.offset + f.len * bytes <= base + l.size,
                "{} in bounds",
                f.name
            );
        }
    }

    #[test]
    fn camel_case() {
        assert_eq!(camel("runs_done"), "runsDone");
        assert_eq!(camel("span_us"), "spanUs");
        assert_eq!(camel("stop"), "stop");
    }
}
