"""Date and number formats: European, not the US defaults of Django's "en"."""
