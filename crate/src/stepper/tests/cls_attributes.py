# hasattr, getattr, setattr, attributes added later, and AttributeError.
class Config:
    debug = False

    def __init__(self, name):
        self.name = name


c = Config("app")
print(c.name, c.debug, hasattr(c, "name"), hasattr(c, "port"))
setattr(c, "port", 8080)
c.debug = True
print(getattr(c, "port"), getattr(c, "missing", "default"), c.debug, Config.debug)
for key in ["name", "port", "host"]:
    if hasattr(c, key):
        print(key, "=", getattr(c, key))
    else:
        print(key, "is not set")
try:
    print(c.host)
except AttributeError as e:
    print("AttributeError:", e)
port = c.port
