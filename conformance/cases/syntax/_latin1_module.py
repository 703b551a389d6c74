# coding=cp1252
# A module in Windows-1252.
GREETING = "€ naïve “quoted”"
