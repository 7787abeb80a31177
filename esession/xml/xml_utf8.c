/*
 * xml_utf8.c - strict UTF-8 and XML character checks (see xml_utf8.h).
 */
#include "xml_utf8.h"

#include <string.h>

/* Length of the sequence a lead byte announces, 0 if it cannot lead. */
static size_t es_utf8_seq_len(uint8_t b)
{
	if (b < 0x80)
		return 1;
	if (b >= 0xC2 && b <= 0xDF)
		return 2;
	if (b >= 0xE0 && b <= 0xEF)
		return 3;
	if (b >= 0xF0 && b <= 0xF4)
		return 4;
	return 0; /* continuation byte, C0/C1 overlong lead, or > U+10FFFF */
}

/* Allowed range of the second byte (RFC 3629 §4 syntax), which excludes
 * overlong forms, surrogates and code points above U+10FFFF. */
static bool es_utf8_second_ok(uint8_t lead, uint8_t b)
{
	switch (lead) {
	case 0xE0: return b >= 0xA0 && b <= 0xBF;
	case 0xED: return b >= 0x80 && b <= 0x9F; /* no surrogates */
	case 0xF0: return b >= 0x90 && b <= 0xBF;
	case 0xF4: return b >= 0x80 && b <= 0x8F;
	default: return b >= 0x80 && b <= 0xBF;
	}
}

esession_status es_xml_check_chars(const uint8_t *s, size_t len,
                                   bool partial_end_ok)
{
	if (len == 0)
		return ESESSION_OK;
	if (memchr(s, 0, len) != NULL)
		return ESESSION_EXML_NUL;

	size_t i = 0;
	while (i < len) {
		/* Fast path: eight printable ASCII bytes at once (no byte
		 * with the high bit set, none below 0x20). */
		if (len - i >= 8) {
			uint64_t w;
			memcpy(&w, s + i, sizeof(w));
			const uint64_t high = 0x8080808080808080u;
			const uint64_t below_space =
			    (w - 0x2020202020202020u) & ~w & high;
			if (((w & high) | below_space) == 0) {
				i += 8;
				continue;
			}
		}
		uint8_t b = s[i];
		if (b < 0x80) {
			/* XML 1.0 [2] Char: TAB, LF, CR are the only C0
			 * characters allowed. */
			if (b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D)
				return ESESSION_EXML_UTF8;
			i++;
			continue;
		}
		size_t n = es_utf8_seq_len(b);
		if (n == 0)
			return ESESSION_EXML_UTF8;
		size_t avail = len - i;
		for (size_t k = 1; k < n; k++) {
			if (k >= avail) {
				/* Every byte so far was valid: the input was
				 * cut inside a character. */
				return partial_end_ok ? ESESSION_OK
				                      : ESESSION_EXML_UTF8;
			}
			uint8_t c = s[i + k];
			bool ok = k == 1 ? es_utf8_second_ok(b, c)
			                 : (c >= 0x80 && c <= 0xBF);
			if (!ok)
				return ESESSION_EXML_UTF8;
		}
		/* U+FFFE and U+FFFF (EF BF BE, EF BF BF) are not XML Chars. */
		if (n == 3 && b == 0xEF && s[i + 1] == 0xBF &&
		    (s[i + 2] == 0xBE || s[i + 2] == 0xBF))
			return ESESSION_EXML_UTF8;
		i += n;
	}
	return ESESSION_OK;
}

static bool es_xml_name_start(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

bool es_xml_name_ok(const char *name)
{
	if (name == NULL || !es_xml_name_start(name[0]))
		return false;
	for (const char *p = name + 1; *p != '\0'; p++) {
		char c = *p;
		if (!es_xml_name_start(c) && !(c >= '0' && c <= '9') &&
		    c != '-' && c != '.')
			return false;
	}
	return true;
}
