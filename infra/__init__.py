"""AWS CDK stacks and constructs, and the Lambda bundle builder."""
