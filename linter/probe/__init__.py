"""The runtime probe (`keraslint check --probe`, `keraslint probe`): run a script for a few
steps under TensorFlow and give each static finding a verdict from what really happened.

launch runs the child (child/, inside the user's interpreter), observations reads what it
saw, checks/ holds one check per rule, judge and session turn them into verdicts.
Nothing here is imported on the static path.
"""
