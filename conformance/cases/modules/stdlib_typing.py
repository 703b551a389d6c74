from typing import List, Dict, Optional, Union, Tuple, Callable, Any, TypeVar, Generic, NamedTuple, Protocol, Literal, cast, get_type_hints, overload
import typing
T = TypeVar("T")
class Box(Generic[T]):
    def __init__(self, item: T) -> None:
        self.item = item
    def get(self) -> T:
        return self.item
b = Box[int](3)
print(b.get(), Box[int], List[int], Dict[str, int], Optional[int], Union[int, str], Tuple[int, ...])
print(Callable[[int], str], Any, T, Literal["a", "b"])
class P(NamedTuple):
    x: int
    y: int = 0
p = P(1)
print(p, p._fields, P._field_defaults, p.x + p.y)
def f(a: int, b: "str" = "x") -> List[int]:
    return [a]
print(get_type_hints(f), cast(int, "3"), typing.get_origin(List[int]), typing.get_args(Dict[str, int]))
class Greeter(Protocol):
    def greet(self) -> str: ...
print(isinstance(Union[int, str], type), Optional[str] == Union[str, None], List[int] == List[int])
