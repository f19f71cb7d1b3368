"""The driven adapters: each one implements a port of ../ports.py with a real technology."""
