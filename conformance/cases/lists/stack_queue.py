# Using a list as a stack and a simple queue
stack = []
for i in range(5):
    stack.append(i * 10)
while stack:
    print("pop", stack.pop())
queue = ["a", "b", "c"]
queue.append("d")
while queue:
    print("dequeue", queue.pop(0), len(queue))
def balanced(s):
    pairs = {")": "(", "]": "[", "}": "{"}
    st = []
    for ch in s:
        if ch in "([{":
            st.append(ch)
        elif ch in pairs:
            if not st or st.pop() != pairs[ch]:
                return False
    return not st
for s in ["()", "([]{})", "(]", "((", ""]:
    print(repr(s), balanced(s))
