FROM python:3.11 AS deps
RUN pip install --upgrade pip
RUN pip install flask requests==2.32.3
RUN pip install --no-cache-dir "django>=4.2"
FROM python:3.11-slim
COPY --from=deps /usr/local/lib/python3.11 /usr/local/lib/python3.11
COPY app.py /srv/
RUN apt update && apt install -y curl
CMD ["python", "/srv/app.py"]
