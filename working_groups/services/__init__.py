"""Every write to working-group proposals and working groups goes through a function here, one
module per area.

Each function takes the acting account, checks that it may act (a view's check is not enough),
applies aer_portal.rules, raises DomainError naming the field and the rule, and sends its
e-mails after the commit through working_groups.tasks.
"""
