def helper():
    return "function"
