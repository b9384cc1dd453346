"""The ground floor: models, errors, dates, words, shared text helpers, paths, atomic writes. Imports nothing else of thaw."""
