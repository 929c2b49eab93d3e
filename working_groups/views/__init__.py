"""Pages of the working-group process: they parse input, call one service or selector, and
turn a DomainError into a message on the page. One module per area; `urls.py` names them."""
