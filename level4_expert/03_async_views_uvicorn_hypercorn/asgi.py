"""The ASGI entry point: the Flask (WSGI) app wrapped for Uvicorn and Hypercorn.

    uvicorn --app-dir level4_expert/03_async_views_uvicorn_hypercorn asgi:app --port 5000
    cd level4_expert/03_async_views_uvicorn_hypercorn && hypercorn --bind 127.0.0.1:5000 asgi:app

WsgiToAsgi runs every request through one `sync_to_async` thread (thread_sensitive): the views'
own `asyncio.gather` overlaps calls inside a request, but two requests wait for each other.
See the README, "How it works".
"""

from app import create_app
from asgiref.wsgi import WsgiToAsgi

# exercise: start - wrap the Flask (WSGI) app with asgiref's WsgiToAsgi, as the ASGI `app`
app = WsgiToAsgi(create_app())
# exercise: end
