#!/usr/bin/env python3
"""Checks BatchImportFindings request bodies (one JSON document a line on stdin) against botocore's
own model of the Security Hub API (types, required members, enums, patterns) and against the ASFF
limits the model does not carry (AwsSecurityFinding in the Security Hub API reference). Prints one
line per problem and exits 1 if there is any; prints 'ok N' (findings checked) otherwise."""
import json
import sys

import botocore.session
from botocore.validate import ParamValidator

LIMITS = {"Title": 256, "Description": 1024, "Id": 512, "GeneratorId": 512}

shape = botocore.session.get_session().get_service_model("securityhub").operation_model("BatchImportFindings").input_shape
problems, count = [], 0
for number, line in enumerate(sys.stdin, 1):
    body = json.loads(line)
    report = ParamValidator().validate(body, shape)
    if report.has_errors():
        problems.append(f"line {number}: {report.generate_report()}")
    findings = body["Findings"]
    if len(json.dumps(body).encode()) > 6 * 1024 * 1024:
        problems.append(f"line {number}: request over 6 MB")
    for finding in findings:
        count += 1
        name = finding.get("Id")
        for key, limit in LIMITS.items():
            if len(finding[key]) > limit:
                problems.append(f"{name}: {key} longer than {limit}")
        if len(finding["Remediation"]["Recommendation"]["Text"]) > 512:
            problems.append(f"{name}: Recommendation.Text longer than 512")
        if not 1 <= len(finding["Resources"]) <= 32:
            problems.append(f"{name}: {len(finding['Resources'])} resources")
        if len(finding.get("Compliance", {}).get("RelatedRequirements", [])) > 32:
            problems.append(f"{name}: more than 32 RelatedRequirements")
        fields = finding.get("ProductFields", {})
        if len(fields) > 50 or any(len(k) >= 128 or len(v) > 2048 for k, v in fields.items()):
            problems.append(f"{name}: ProductFields over ASFF's limits")
        if len(json.dumps(finding, ensure_ascii=False, separators=(",", ":")).encode()) > 240 * 1024:
            problems.append(f"{name}: larger than 240 KB")
print("\n".join(problems) if problems else f"ok {count}")
sys.exit(1 if problems else 0)
