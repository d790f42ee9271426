"""What the figures claim: completeness of the submissions, consistency between jabatan and
the catalog decisions the office has confirmed. Runs on facts (ReadResult.values) after the
reader's merge, so it does not depend on the reader's internals."""
