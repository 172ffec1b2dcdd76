"""Everything that runs in Lambda (and in the container variant).

Imports only the serving set: onnxruntime, numpy, pydantic, fastapi, mangum, boto3.
"""
