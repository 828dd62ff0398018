/*
 * report_xml.h - XML text escaping for aggregate reports: every value in a
 * report comes from a sender, so each goes through here.
 */
#ifndef REPORT_XML_H
#define REPORT_XML_H

#include <stddef.h>

/* report_xml_escape - s escaped for XML text into dst; -1 if too long */
int report_xml_escape(char *dst, size_t cap, const char *s);

#endif
