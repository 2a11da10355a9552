"""Pages out of a dump: text files, directory trees, JSON Lines, tar and zip archives.

Every source is read in place and streamed: one page in memory at a time,
archives never extracted, nothing written anywhere. Sources yield *entries* in
a deterministic order (directories sorted, archive members and JSONL lines in
file order); an entry is a zero-argument callable that reads its page, so
``--resume`` can skip entries without reading them.

Reading never raises for a bad page: the page comes back with ``error`` set
(too large, a symlink or device member, an unsafe member name, a bad JSON
line...), and the caller reports it.

The readers take an open stream (or a function that opens one) rather than a
path, so the Dask engine reads through fsspec with the very same code:

* ``page`` the record every reader makes (``SourcePage``) and the options;
* ``names`` what a source is by its name, its id in page ids, safe member names;
* ``files`` a page file, and a directory tree of them;
* ``jsonl`` JSON Lines rows, and reading them again by offset in a worker;
* ``archives`` tar (gzip, bzip2, xz) and zip members, within the caps;
* ``source`` one local source of the command line, and all of them in order.
"""
