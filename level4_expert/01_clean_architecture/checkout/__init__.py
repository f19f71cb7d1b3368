"""A small checkout in ports and adapters (hexagonal architecture).

    domain.py        value objects (Money, Email, OrderId), the Order aggregate, OrderPlaced
    ports.py         what the application needs: OrderRepository, PaymentGateway, EventPublisher
    application.py   the use cases, PlaceOrder and GetOrder, written against the ports only
    adapters/        driven adapters: memory.py, sql.py (PostgreSQL), payment_http.py, events.py
    wiring.py        the composition root: which adapter plugs into which port
    web.py           driving adapter: Flask (create_app)     flask --app .../checkout/web.py run
    cli.py           driving adapter: click, no Flask        python -m checkout place-order ...

This file imports nothing, so `python -m checkout` loads no Flask.
"""
