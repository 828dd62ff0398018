# src/conf: the configuration file reader (included by Makefile.am)
