# syntax=docker/dockerfile:1
#
# One image for every service and role: `rex api|worker|migrate|topics ...`.
#
#   docker build -t rural-exchange:local .
#   docker run --rm rural-exchange:local                 # prints `rex --help`
#   docker compose --env-file deploy/compose.env up -d   # the whole stack
#
# Layout: the workspace lives at /app in both stages and the venv at /app/.venv.
# uv installs the workspace members (libs/common, services/*) as *editable* installs
# (.pth files pointing at /app/libs/*/src and /app/services/*/src). That is deliberate:
# each service finds its Alembic scripts next to its source tree
# (services/<name>/migrations, via Path(__file__).parents[2]), which a
# `--no-editable` wheel would not contain. So the runtime stage copies the whole /app
# tree from the builder, at the same path, and the venv's scripts (#!/app/.venv/bin/python)
# and .pth files resolve unchanged.

# Both stages must use the same Python build: the venv's bin/python is a symlink to the
# base image's /usr/local/bin/python3.11. Pin a digest here for reproducible releases.
ARG PYTHON_IMAGE=python:3.11-slim

# --------------------------------------------------------------------------- builder
FROM ${PYTHON_IMAGE} AS builder

# The same uv that wrote uv.lock (installed from PyPI, no installer script).
ARG UV_VERSION=0.13.9
RUN pip install --no-cache-dir --disable-pip-version-check "uv==${UV_VERSION}"

ENV UV_PYTHON_DOWNLOADS=never \
    UV_PYTHON_PREFERENCE=only-system \
    UV_PYTHON=/usr/local/bin/python3.11 \
    UV_LINK_MODE=copy \
    UV_COMPILE_BYTECODE=1 \
    UV_PROJECT_ENVIRONMENT=/app/.venv

WORKDIR /app

# 1. Third-party dependencies only, from the lock: this layer is rebuilt only when a
#    pyproject.toml or uv.lock changes. (A new workspace member needs a line here.)
COPY pyproject.toml uv.lock ./
COPY libs/common/pyproject.toml libs/common/pyproject.toml
COPY services/listing/pyproject.toml services/listing/pyproject.toml
COPY services/bidding/pyproject.toml services/bidding/pyproject.toml
COPY services/registry/pyproject.toml services/registry/pyproject.toml
COPY services/guarantee/pyproject.toml services/guarantee/pyproject.toml
COPY services/collective/pyproject.toml services/collective/pyproject.toml
COPY services/portal/pyproject.toml services/portal/pyproject.toml
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --no-install-workspace

# 2. The sources (tests, docs, local state and the dev-only test kit libs/testkit are
#    left out by .dockerignore), then the workspace members themselves (editable, see
#    the header). `--no-dev` never installs rex-testkit: it is only in the dev group.
COPY libs libs
COPY services services
COPY deploy/topics.toml deploy/topics.toml
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev

# The runtime user cannot write /app, so compile the workspace sources (including the
# Alembic scripts) now; checked-hash .pyc files stay valid whatever the copied mtimes.
# Then make the tree readable by everyone and writable by nobody but root.
RUN /app/.venv/bin/python -m compileall -q -j 0 --invalidation-mode checked-hash \
        /app/libs /app/services \
    && chmod -R a+rX,go-w /app \
    && /app/.venv/bin/rex --help > /dev/null

# --------------------------------------------------------------------------- runtime
FROM ${PYTHON_IMAGE} AS runtime

LABEL org.opencontainers.image.title="rural-exchange" \
      org.opencontainers.image.description="County rural property exchange: listing, bidding, registry, guarantee, collective (rex CLI)"

# Printable documents (common.documents): WeasyPrint's text stack and the CJK fonts it
# embeds in every PDF, from Debian (scripts/documents-deps.sh has the same list; the
# tests' poppler-utils stay out of the image).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 rex \
    && useradd --system --uid 10001 --gid rex --create-home --home-dir /home/rex \
        --shell /usr/sbin/nologin rex

ENV PATH="/app/.venv/bin:${PATH}" \
    VIRTUAL_ENV=/app/.venv \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    REX_TOPICS_FILE=/app/deploy/topics.toml

WORKDIR /app
# Owned by root, read-only for the service user.
COPY --from=builder /app /app
# The documents volume's mount point, owned by the service user: Docker gives a new named
# volume the ownership of the directory it is mounted over (docker-compose.yml).
RUN mkdir -p /var/lib/rex/documents && chown -R 10001:10001 /var/lib/rex

# Numeric, so runtimes can verify it is not root (e.g. Kubernetes runAsNonRoot).
USER 10001:10001
EXPOSE 8000

# No image-level HEALTHCHECK: the same image runs APIs, workers and one-shot jobs;
# docker-compose.yml gives each API a /readyz check.
ENTRYPOINT ["rex"]
CMD ["--help"]
