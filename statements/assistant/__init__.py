"""The article assistant's desk page: paste an article, review the proposed statements, save drafts.

forms: the article (step 1) and one proposal row per candidate (step 2).
proposals: engine candidates -> form rows; speaker options and duplicate flags (one query each).
service: the ticked rows -> drafts through statements.workflow, all in one transaction.
views, urls: the three pages, mounted at /desk/from-article/ under the "assistant" namespace.
"""
