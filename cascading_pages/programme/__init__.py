"""The programme's settings: how it follows up expressions of interest and keeps profiles fresh.

One ``ProgrammeSettings`` per site, edited under *Settings › Programme settings* in the admin. This
concern sits at the bottom with content and vocabularies: it knows nothing of coaches or
submissions, only pages and sites. Ask it with ``ProgrammeSettings.for_page(page)``: a coach's
profile, or the form page a submission came from.
"""
