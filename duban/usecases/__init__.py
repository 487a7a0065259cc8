"""The office's use cases, one module a capability. Each function loads what it needs from the
store, applies the procedure, records the change through the audit trail and returns a result;
the commands in duban/cli/ only parse options, call one of these and print.

    session     who is working, on which office, as of which day
    recording   how one change is written and committed, all or nothing
    redaction   what a reader outside a case's circle (知情范围) may see
    registry    a new office, registering a case, the number series
    imports     batch registration from meeting minutes and task tables
    procedure   assign, acknowledge, report, remind, extend, return, close, terminate, archive, undo
    queries     show, list, log, working days
    check       validating the whole office
    overdue     the morning check
    documents   notice, reminder and bulletin output
    figures     assessment, ledger, dashboard
    sync        several clerks through one git remote
"""
