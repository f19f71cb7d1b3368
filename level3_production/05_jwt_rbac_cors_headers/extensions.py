"""The extensions, made once here and bound to the app in create_app() with init_app()."""

from flask_cors import CORS
from flask_jwt_extended import JWTManager

jwt = JWTManager()
cors = CORS()
