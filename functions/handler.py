"""The Lambda entry point: Mangum around the app, built once per execution environment."""

from mangum import Mangum

from functions.app import create_app

app = create_app()
handler = Mangum(app, lifespan="off")
