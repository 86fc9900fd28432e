"""Sandbox: run untrusted code and return only safe values.

`supervisor` starts one worker process per exercise module, with a time budget, and forwards
calls; `worker` is that process; `protocol` is what they say to each other and the only types a
reply may carry; `isolation` is what an official worker may read, start and reach.

A worker imports only the standard library, NumPy, `protocol`, `isolation`, `rnnlab.i18n` and
`rnnlab.modules`; references never cross into it. This file imports nothing: every worker
passes through it.
"""
