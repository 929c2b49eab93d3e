"""The old name of :mod:`aer_portal.prepared`, kept only while ``governance.selectors.assembly``
and ``governance.selectors.bodies`` import it: both are being reworked elsewhere and move to
the new name with that work; then this file goes."""

from aer_portal.prepared import Late, prepared_count, prepared_objects, prepared_rows

__all__ = ["Late", "prepared_count", "prepared_objects", "prepared_rows"]
