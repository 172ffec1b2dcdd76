"""On AWS a retraining run is an execution of the training state machine (moto)."""

from __future__ import annotations

import json

import boto3
import pytest
from moto import mock_aws

from functions.errors import NotFound
from functions.retrain import StepFunctionsRetrainer, due


@pytest.fixture
def sfn():
    with mock_aws():
        client = boto3.client("stepfunctions", region_name="eu-west-3")
        iam = boto3.client("iam", region_name="eu-west-3")
        role = iam.create_role(RoleName="sfn", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
        definition = {"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}
        arn = client.create_state_machine(name="vitrine-dev-training",
                                          definition=json.dumps(definition),
                                          roleArn=role)["stateMachineArn"]
        yield client, arn


def test_start_passes_the_usecase_and_trigger_to_the_pipeline(sfn):
    client, arn = sfn
    retrainer = StepFunctionsRetrainer(arn, client=client)
    run = retrainer.start("secom", "automatic: 80 of 590 features drifted")
    assert run["run_id"].startswith("secom-") and run["usecase"] == "secom"
    execution = client.describe_execution(executionArn=run["execution_arn"])
    assert json.loads(execution["input"]) == {"usecase": "secom",
                                              "trigger": "automatic: 80 of 590 features drifted"}
    assert retrainer.status("secom", run["run_id"])["trigger"].startswith("automatic")


def test_history_is_per_usecase_and_unknown_runs_are_404(sfn):
    client, arn = sfn
    retrainer = StepFunctionsRetrainer(arn, client=client)
    # As the weekly schedule starts it: EventBridge's name, the use case in the input.
    client.start_execution(stateMachineArn=arn, name="a1b2c3-scheduled",
                           input=json.dumps({"usecase": "sepsis", "trigger": "schedule"}))
    assert retrainer.history("secom") == []
    assert due(retrainer, "secom", 3600) is None
    [run] = retrainer.history("sepsis")
    assert run["run_id"] == "a1b2c3-scheduled" and run["trigger"] == "schedule"
    assert run["state"] in ("running", "kept")
    assert due(retrainer, "sepsis", 3600) is not None  # running, or started just now
    with pytest.raises(NotFound):
        retrainer.status("secom", "a1b2c3-scheduled")  # another use case's
    with pytest.raises(NotFound):
        retrainer.status("secom", "secom-nope")
