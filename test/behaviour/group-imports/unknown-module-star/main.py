# expect: left alone. helpers (no __all__) binds `json` to a string; sorted, `import json` would go first and lose.
from helpers import *
import json

print(type(json).__name__)
