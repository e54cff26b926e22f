FROM python:3.11-slim
WORKDIR /app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
COPY pyproject.toml README.md scrapy.cfg* ./
COPY portalwatch ./portalwatch
COPY crawler ./crawler
COPY storage ./storage
COPY monitor ./monitor
RUN pip install --no-cache-dir '.[scale]'
USER nobody
ENTRYPOINT ["portalwatch"]
CMD ["daemon"]
