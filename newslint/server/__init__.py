"""Editors and newsroom tools: a language server and a LanguageTool-compatible HTTP API.

``lsp`` speaks the Language Server Protocol (it needs the ``server`` extra, for
pygls); ``http`` answers LanguageTool's ``/v2/check`` with the standard library.
Inside, offsets are absolute character offsets; ``positions`` turns them into
protocol units (UTF-16 code units by default) only at the edge.
"""
