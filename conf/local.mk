# conf: build rules for this module (included by Makefile.am)

# The shipped configuration (installed as $(sysconfdir)/authmilter.conf)
# and a systemd unit for packagers.
dist_sysconf_DATA += conf/authmilter.conf
EXTRA_DIST += conf/authmilter.service
EXTRA_DIST += conf/authreport.service conf/authreport.timer
