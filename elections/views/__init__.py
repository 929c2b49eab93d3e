"""Views of the elections app, one module per audience: public, members, desk, voting."""
