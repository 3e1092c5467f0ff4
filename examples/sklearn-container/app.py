"""A scikit-learn model server that speaks the SageMaker container contract.

GET  /ping         -> 200 once the model is loaded
POST /invocations  -> predictions

Input: text/csv (one row of features per line) or application/json ({"instances": [[...], ...]}).
Output: application/json ({"predictions": [...]}); with Accept: application/jsonlines the
predictions are streamed, one JSON line per row (SageMaker turns each chunk into a PayloadPart).
Bad input answers 400 with a message, which SageMaker reports as ModelError (OriginalStatusCode 400).

The model is loaded from $SM_MODEL_DIR/model.joblib when present; otherwise a logistic regression is
trained on the iris data set at start-up, as a stand-in for a real artifact.
"""
import json
import os
import time

import joblib
import numpy as np
from flask import Flask, Response, request
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression

app = Flask(__name__)


def load_model():
    path = os.path.join(os.environ.get("SM_MODEL_DIR", "/opt/ml/model"), "model.joblib")
    if os.path.exists(path):
        return joblib.load(path)
    iris = load_iris()
    return LogisticRegression(max_iter=500).fit(iris.data, iris.target)


MODEL = load_model()
FEATURES = MODEL.n_features_in_


class BadInput(ValueError):
    pass


def parse_rows(body, content_type):
    text = body.decode("utf-8").strip()
    if not text:
        raise BadInput("empty request body")
    if content_type.startswith("application/json"):
        try:
            rows = json.loads(text)["instances"]
        except (ValueError, KeyError, TypeError) as error:
            raise BadInput(f'expected {{"instances": [[...]]}}: {error}') from error
    elif content_type.startswith("text/csv"):
        try:
            rows = [[float(v) for v in line.split(",")] for line in text.splitlines() if line.strip()]
        except ValueError as error:
            raise BadInput(f"expected numbers in CSV: {error}") from error
    else:
        raise BadInput(f"unsupported content type {content_type!r}; use text/csv or application/json")
    matrix = np.asarray(rows, dtype=float)
    if matrix.ndim != 2 or matrix.shape[1] != FEATURES:
        raise BadInput(f"expected rows of {FEATURES} features, got shape {list(matrix.shape)}")
    return matrix


@app.get("/ping")
def ping():
    return Response(status=200)


@app.post("/invocations")
def invocations():
    try:
        rows = parse_rows(request.get_data(), request.content_type or "text/csv")
    except BadInput as error:
        return Response(str(error), status=400, mimetype="text/plain")
    predictions = MODEL.predict(rows).tolist()
    probabilities = MODEL.predict_proba(rows).max(axis=1).tolist()
    if (request.headers.get("Accept") or "").startswith("application/jsonlines"):
        delay = float(os.environ.get("STREAM_DELAY_SECONDS", "0.01"))

        def lines():
            for label, p in zip(predictions, probabilities):
                time.sleep(delay)
                yield json.dumps({"prediction": label, "probability": round(p, 6)}) + "\n"

        return Response(lines(), mimetype="application/jsonlines")
    body = json.dumps({"predictions": predictions, "probabilities": [round(p, 6) for p in probabilities]})
    return Response(body, mimetype="application/json")
