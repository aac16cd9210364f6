//! ThreadLab's core.
//!
//! The same crate is built twice for the browser (see `scripts/build-wasm.mjs`):
//! - **threads** (`--features threads`, atomics, shared memory): one instance in
//!   a coordinator worker, its rayon pool on Web Workers via wasm-bindgen-rayon,
//!   all threads writing the one shared memory the page watches;
//! - **plain** (no atomics): one private instance per isolated worker — the
//!   process analogue — and the stepper.
//!
//! The engine ([`memory`], [`control`], [`wasm`], [`clock`], [`arena`]) names
//! no lab; each lab is a folder under [`labs`] with its kernel, its memory, its
//! wasm exports and its tests.

// A "threaded" build without the atomics feature links fine but gets an
// unshared memory, and the pool then fails at run time with `DataCloneError:
// #<Memory> could not be cloned` (since rust-lang/rust#147225 `+atomics` no
// longer implies shared memory). Refuse it here instead.
#[cfg(all(
    target_arch = "wasm32",
    feature = "threads",
    not(target_feature = "atomics")
))]
compile_error!(
    "the `threads` feature needs `-C target-feature=+atomics,+bulk-memory,+mutable-globals` \
     and shared-memory link args; build with `npm run build:wasm`"
);

pub mod memory;

pub mod arena;
pub mod clock;
pub mod control;
pub mod labs;
pub mod wasm;
// The stepper is single-threaded and deterministic: the page runs it on the
// plain build only, so the threaded build every thread lab loads leaves it out.
#[cfg(not(feature = "threads"))]
pub mod stepper;

#[cfg(feature = "threads")]
pub use wasm::init_thread_pool;
