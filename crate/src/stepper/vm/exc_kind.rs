//! The built-in exception classes: [`ExcKind`], CPython's hierarchy of them (names,
//! qualified names, parents, subclass tests) and the table of them all ([`ALL`]).

/// A built-in exception class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExcKind {
    BaseException,
    SystemExit,
    KeyboardInterrupt,
    GeneratorExit,
    Exception,
    ArithmeticError,
    ZeroDivisionError,
    OverflowError,
    LookupError,
    IndexError,
    KeyError,
    ValueError,
    TypeError,
    NameError,
    UnboundLocalError,
    AttributeError,
    RuntimeError,
    RecursionError,
    NotImplementedError,
    MemoryError,
    AssertionError,
    StopIteration,
    StopAsyncIteration,
    OSError,
    TimeoutError,
    ImportError,
    ModuleNotFoundError,
    /// `queue.Empty`.
    Empty,
    /// `queue.Full`.
    Full,
    /// `asyncio.CancelledError` (a BaseException since Python 3.8).
    CancelledError,
    /// `asyncio.InvalidStateError`.
    InvalidStateError,
    /// `threading.BrokenBarrierError`.
    BrokenBarrierError,
    // asyncio
    /// `ExceptionGroup` (what a `TaskGroup` raises; `except*` is not in the subset).
    ExceptionGroup,
}

use ExcKind as K;

/// Every built-in exception class, for lookups by name.
pub const ALL: &[ExcKind] = &[
    K::BaseException,
    K::SystemExit,
    K::KeyboardInterrupt,
    K::GeneratorExit,
    K::Exception,
    K::ArithmeticError,
    K::ZeroDivisionError,
    K::OverflowError,
    K::LookupError,
    K::IndexError,
    K::KeyError,
    K::ValueError,
    K::TypeError,
    K::NameError,
    K::UnboundLocalError,
    K::AttributeError,
    K::RuntimeError,
    K::RecursionError,
    K::NotImplementedError,
    K::MemoryError,
    K::AssertionError,
    K::StopIteration,
    K::StopAsyncIteration,
    K::OSError,
    K::TimeoutError,
    K::ImportError,
    K::ModuleNotFoundError,
    K::Empty,
    K::Full,
    K::CancelledError,
    K::InvalidStateError,
    K::BrokenBarrierError,
    K::ExceptionGroup, // asyncio
];

impl ExcKind {
    /// The class's `__name__`.
    pub fn name(self) -> &'static str {
        match self {
            K::BaseException => "BaseException",
            K::SystemExit => "SystemExit",
            K::KeyboardInterrupt => "KeyboardInterrupt",
            K::GeneratorExit => "GeneratorExit",
            K::Exception => "Exception",
            K::ArithmeticError => "ArithmeticError",
            K::ZeroDivisionError => "ZeroDivisionError",
            K::OverflowError => "OverflowError",
            K::LookupError => "LookupError",
            K::IndexError => "IndexError",
            K::KeyError => "KeyError",
            K::ValueError => "ValueError",
            K::TypeError => "TypeError",
            K::NameError => "NameError",
            K::UnboundLocalError => "UnboundLocalError",
            K::AttributeError => "AttributeError",
            K::RuntimeError => "RuntimeError",
            K::RecursionError => "RecursionError",
            K::NotImplementedError => "NotImplementedError",
            K::MemoryError => "MemoryError",
            K::AssertionError => "AssertionError",
            K::StopIteration => "StopIteration",
            K::StopAsyncIteration => "StopAsyncIteration",
            K::OSError => "OSError",
            K::TimeoutError => "TimeoutError",
            K::ImportError => "ImportError",
            K::ModuleNotFoundError => "ModuleNotFoundError",
            K::Empty => "Empty",
            K::Full => "Full",
            K::CancelledError => "CancelledError",
            K::InvalidStateError => "InvalidStateError",
            K::BrokenBarrierError => "BrokenBarrierError",
            K::ExceptionGroup => "ExceptionGroup", // asyncio
        }
    }

    /// The name a traceback's last line shows (`_queue.Empty`, `asyncio.exceptions.CancelledError`).
    pub fn qualname(self) -> &'static str {
        match self {
            K::Empty => "_queue.Empty",
            K::Full => "queue.Full",
            K::CancelledError => "asyncio.exceptions.CancelledError",
            K::InvalidStateError => "asyncio.exceptions.InvalidStateError",
            K::BrokenBarrierError => "threading.BrokenBarrierError",
            k => k.name(),
        }
    }

    /// The base class (None for BaseException, whose base is `object`).
    pub fn parent(self) -> Option<ExcKind> {
        Some(match self {
            K::BaseException => return None,
            K::SystemExit | K::KeyboardInterrupt | K::GeneratorExit | K::CancelledError => {
                K::BaseException
            }
            K::Exception => K::BaseException,
            K::ZeroDivisionError | K::OverflowError => K::ArithmeticError,
            K::IndexError | K::KeyError => K::LookupError,
            K::UnboundLocalError => K::NameError,
            K::RecursionError | K::NotImplementedError | K::BrokenBarrierError => K::RuntimeError,
            K::TimeoutError => K::OSError,
            K::ModuleNotFoundError => K::ImportError,
            _ => K::Exception,
        })
    }

    /// The class named `n` as a built-in name, or as it starts an error message (`queue.Empty`).
    pub fn from_name(n: &str) -> Option<ExcKind> {
        match n {
            "queue.Empty" | "_queue.Empty" => return Some(K::Empty),
            "queue.Full" => return Some(K::Full),
            "asyncio.CancelledError" | "asyncio.exceptions.CancelledError" => {
                return Some(K::CancelledError)
            }
            "asyncio.TimeoutError" => return Some(K::TimeoutError),
            "asyncio.InvalidStateError" => return Some(K::InvalidStateError),
            "threading.BrokenBarrierError" => return Some(K::BrokenBarrierError),
            "Empty" | "Full" | "CancelledError" | "InvalidStateError" | "BrokenBarrierError" => {
                return None; // not built-in names: only through their modules
            }
            _ => {}
        }
        ALL.iter().copied().find(|k| k.name() == n)
    }

    /// Whether `self` is `other` or a subclass of it.
    pub fn is_sub(self, other: ExcKind) -> bool {
        let mut k = Some(self);
        while let Some(x) = k {
            if x == other {
                return true;
            }
            k = x.parent();
        }
        false
    }
}
