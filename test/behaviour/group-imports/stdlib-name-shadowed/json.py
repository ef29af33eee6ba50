Template = "the project's own json.Template"
