"""python-web's application package."""
