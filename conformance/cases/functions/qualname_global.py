# A function or class whose name is declared global where it is defined has
# a top-level __qualname__ (so pickle finds it by name).
def f():
    global G, h
    class G:
        class Inner:
            def m(self): pass
    def h():
        def k(): pass
        return k
    class L: pass
    return L
L = f()
print(G.__qualname__, G.Inner.__qualname__, G.Inner.m.__qualname__, h.__qualname__, h().__qualname__, L.__qualname__)
class C:
    global gm
    def gm(self): pass
    def n(self): pass
print(gm.__qualname__, C.n.__qualname__, (lambda: 0).__qualname__)
import pickle
print(pickle.loads(pickle.dumps(G.Inner)) is G.Inner)
