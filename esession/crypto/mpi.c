/*
 * mpi.c - XEP-0116 §"Multiple-Precision Integers" encoder and decoders.
 *
 * Every function is bounds-checked by the lengths it is given; none reads
 * a NUL terminator.
 */
#include "mpi.h"

#include <string.h>

static esession_status es_mpi_status(gcry_error_t err)
{
	if (err == 0)
		return ESESSION_OK;
	return gcry_err_code(err) == GPG_ERR_ENOMEM ? ESESSION_ENOMEM
	                                            : ESESSION_ECRYPTO;
}

esession_status es_mpi_check_canonical(const uint8_t *buf, size_t len)
{
	ES_ENSURE(buf != NULL || len == 0, ESESSION_EINVAL);
	/* XEP-0116 §"Multiple-Precision Integers": "leading octets that are
	 * zero ... MUST be removed (so the high-order octet is non-zero)". */
	ES_ENSURE(len > 0, ESESSION_EMPI);
	ES_ENSURE(buf[0] != 0, ESESSION_EMPI);
	return ESESSION_OK;
}

static esession_status es_mpi_scan_unsigned(gcry_mpi_t *out, const uint8_t *buf,
                                            size_t len)
{
	gcry_mpi_t v = NULL;
	/* GCRYMPI_FMT_USG: plain unsigned big-endian, no sign octet. */
	esession_status st =
	    es_mpi_status(gcry_mpi_scan(&v, GCRYMPI_FMT_USG, buf, len, NULL));
	if (st != ESESSION_OK) {
		gcry_mpi_release(v);
		return st;
	}
	*out = v;
	return ESESSION_OK;
}

esession_status es_mpi_decode(gcry_mpi_t *out, const uint8_t *buf, size_t len)
{
	ES_ENSURE(out != NULL, ESESSION_EINVAL);
	ES_GUARD(es_mpi_check_canonical(buf, len));
	return es_mpi_scan_unsigned(out, buf, len);
}

esession_status es_mpi_decode_fixed(gcry_mpi_t *out, const uint8_t *buf,
                                    size_t len)
{
	ES_ENSURE(out != NULL, ESESSION_EINVAL);
	ES_ENSURE(buf != NULL || len == 0, ESESSION_EINVAL);
	ES_ENSURE(len > 0, ESESSION_EMPI);
	return es_mpi_scan_unsigned(out, buf, len);
}

size_t es_mpi_encoded_len(gcry_mpi_t v)
{
	return ((size_t)gcry_mpi_get_nbits(v) + 7u) / 8u;
}

esession_status es_mpi_encode(gcry_mpi_t v, uint8_t *out, size_t cap,
                              size_t *len)
{
	ES_ENSURE(v != NULL && len != NULL, ESESSION_EINVAL);
	*len = 0;
	ES_ENSURE(out != NULL || cap == 0, ESESSION_EINVAL);
	ES_ENSURE(!gcry_mpi_is_neg(v), ESESSION_EINVAL);
	size_t need = es_mpi_encoded_len(v);
	ES_ENSURE(need <= cap, ESESSION_EBUFSIZE);
	if (need == 0)
		return ESESSION_OK; /* zero: the empty string */
	size_t written = 0;
	ES_GUARD(es_mpi_status(
	    gcry_mpi_print(GCRYMPI_FMT_USG, out, cap, &written, v)));
	ES_ENSURE(written == need, ESESSION_ECRYPTO);
	*len = written;
	return ESESSION_OK;
}

esession_status es_mpi_encode_secret(gcry_mpi_t v, es_secbuf *out)
{
	ES_ENSURE(v != NULL && out != NULL, ESESSION_EINVAL);
	ES_ENSURE(!gcry_mpi_is_neg(v), ESESSION_EINVAL);
	es_secbuf buf = ES_SECBUF_INIT;
	ES_GUARD(es_secbuf_alloc(&buf, es_mpi_encoded_len(v)));
	size_t written = 0;
	esession_status st = es_mpi_encode(v, buf.data, buf.len, &written);
	if (st == ESESSION_OK && written != buf.len)
		st = ESESSION_ECRYPTO;
	if (st != ESESSION_OK) {
		es_secbuf_free(&buf);
		return st;
	}
	*out = buf;
	return ESESSION_OK;
}

esession_status es_mpi_encode_fixed(gcry_mpi_t v, uint8_t *out, size_t len)
{
	ES_ENSURE(v != NULL && out != NULL, ESESSION_EINVAL);
	ES_ENSURE(!gcry_mpi_is_neg(v), ESESSION_EINVAL);
	size_t need = es_mpi_encoded_len(v);
	ES_ENSURE(need <= len, ESESSION_EBUFSIZE);
	size_t pad = len - need;
	memset(out, 0, pad);
	size_t written = 0;
	ES_GUARD(es_mpi_encode(v, out + pad, need, &written));
	return ESESSION_OK;
}
