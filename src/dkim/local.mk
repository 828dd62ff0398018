# src/dkim: build rules for this module (included by Makefile.am)
