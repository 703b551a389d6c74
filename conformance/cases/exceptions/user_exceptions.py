# User-defined exception classes
class AppError(Exception):
    pass
class NotFound(AppError):
    def __init__(self, name):
        super().__init__(f"{name} not found")
        self.name = name
class Detailed(Exception):
    def __init__(self, code, msg):
        super().__init__(code, msg)
        self.code = code
    def __str__(self):
        return f"[{self.code}] {self.args[1]}"
try:
    raise NotFound("file.txt")
except AppError as e:
    print(type(e).__name__, e, e.name, e.args)
try:
    raise Detailed(404, "gone")
except Detailed as e:
    print(e, e.code, e.args, repr(e))
try:
    raise AppError("plain", 1)
except Exception as e:
    print(e, repr(e))
print(issubclass(NotFound, AppError), issubclass(NotFound, Exception), issubclass(AppError, BaseException))
