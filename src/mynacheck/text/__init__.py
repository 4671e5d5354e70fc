"""Character-level text handling: Unicode cleanup, kana folds, kanji variants, numerals."""
