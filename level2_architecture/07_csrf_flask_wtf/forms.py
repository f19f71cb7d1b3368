"""The transfer form, used by the HTML page and by the JSON API alike."""

from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange


class TransferForm(FlaskForm):  # a FlaskForm adds a hidden csrf_token field by itself
    to = StringField("To", validators=[DataRequired(), Length(max=30)])
    amount = IntegerField("Amount", validators=[InputRequired(), NumberRange(min=1, max=1000)])
