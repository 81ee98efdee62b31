# The playground as a container: one Streamlit process (one replica) on 0.0.0.0:8501.
# Several replicas need sticky sessions in front of them (deploy/nginx, or the Ingress in
# deploy/k8s), and a shared checkpoint store for failover (NN_PLAYGROUND_CHECKPOINTS=redis://...).
#
#   docker build -t nn-playground .
#   docker run --rm -p 8501:8501 nn-playground
FROM python:3.11.7-slim-bookworm

# One BLAS thread per computation (every session trains in its own thread: see app.py);
# no .pyc files written at run time, logs unbuffered, no pip cache in the image.
ENV OPENBLAS_NUM_THREADS=1 \
    OMP_NUM_THREADS=1 \
    MKL_NUM_THREADS=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Install the project from its source (the app, its components and its views are package
# data), then drop the source: the image runs what pip installed, nothing else. DL3013
# (pin versions) does not fit: this installs the project itself, whose dependencies carry
# their bounds in pyproject.toml (Streamlit to the one tested minor).
WORKDIR /tmp/src
COPY pyproject.toml README.md ./
COPY engine ./engine
COPY playground ./playground
# hadolint ignore=DL3013
RUN pip install ".[redis]" && rm -rf /tmp/src

# Not root. Checkpoints go to the user's data folder by default ($XDG_DATA_HOME); give
# several replicas a shared Redis instead (NN_PLAYGROUND_CHECKPOINTS).
RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin playground
USER 10001
WORKDIR /home/playground

EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).read().strip() != b'ok')"]

# The installed app.py (python:3.11's site-packages in this base image). The cookie secret
# comes from the environment (STREAMLIT_SERVER_COOKIE_SECRET), the same for every replica.
CMD ["streamlit", "run", "/usr/local/lib/python3.11/site-packages/playground/app.py", \
     "--server.address", "0.0.0.0", "--server.port", "8501", "--server.headless", "true", \
     "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"]
