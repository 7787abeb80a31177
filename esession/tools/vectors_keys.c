/*
 * vectors_keys.c - the four fixed identity keys of the vectors. The
 * components are those of tests/pubkey/pubkey_test_keys.h (generated once
 * with Python's `cryptography`, tests/crypto/kat/sign_keys.py): Alice's
 * RSA key is RSA_*, Bob's RSA2_*; Alice's DSA key is DSA_*, Bob's DSA2_*
 * (the same domain parameters). Hex, big-endian, no leading zero octet.
 */
#include "vectors_keys.h"

#include "key_internal.h"
#include "sign.h"

#include <stdlib.h>
#include <string.h>

typedef struct vx_fixed_key {
	const char *name, *alg;
	struct {
		const char *part, *hex;
	} parts[6];
} vx_fixed_key;

static const vx_fixed_key fixed_keys[] = {
    {"rsa2048-alice",
     "rsa-sha256",
     {{"n", "ad58bd5161c6fee351ae4f246e0e4304747e5041f2d7ff6f5a81b01a1cfc4ed7"
            "20423fcc7e2bf45ef625bbafdcf69f5b81cb873d59703d158ca91ea0649f053d"
            "6c2adfc78bc522845405f1bf2ff69730ecb9f465bb32bee7fb0cf42db1b482e9"
            "06e8673093c27972ad3427f9db8b7d33c7a51276c06801825a7227ad5b36ec72"
            "9a05264f0f3e0c661d053d8622b6e0f38041abf54391d40766b216ff227e6939"
            "23122188ed6c167387dc70f048cf4c04af05b8a5a805ea0164f31269492cfc14"
            "d23d4213810d8345766449738b26d1ff4c9ba2047d14ff505b14d7e780c6ec2e"
            "55a6ab3cf3c8c991511809b516882a7e4cc82d28242f7cc5f4c1cebcb9ee1bf9"},
      {"e", "010001"},
      {"d", "10b8fa415b04409bb680f12abbaa1b6869792172a8f624450c0cffeb84fbbfd6"
            "2eb8c7aed28f741a7e3fe59fdf47fdb2ff570c3975be3501c8549a9b30d0a66c"
            "2fa32a0ed171931527cf0f90efcb0341b9949243be223df62c4673a35045f091"
            "eeef85bbc0ce869684f147b3209ad8d933a4bd9eadfa36067d3c58454102d91e"
            "b106e214d9c3ac4a6ed228472a064bb9e2ea4ec6e0ac79a56ef5a8688ac9b838"
            "724429163d6f2c1797872e975531f375defae7213ee6e2ba6b463328b0554ad5"
            "b2bd38d5f3df963fa09e81c30d2ee1d064880a8488d2ff9b3fbf9690b03a8389"
            "32b32ab4340ec9128879d86445213e3812f466c485c7887ec13a18c1e81a61"},
      {"p", "db19d632fd83cfe382fff58c18999e5b332bfbf906708cc8156e9a2b83de7db1"
            "58a829a439b9ecc053c3ddd971554c7cfb711ad25b184f0f56b03e4c599f83fa"
            "918207e3c9c6c5e46cdcce6b811a3cfac532ed51082949aa34c5ec9835ff9ad2"
            "dcb300e86e23db1e436ffb11b6ee83addf79d0a9afa4c2d321fd17635206bd21"},
      {"q", "ca8a48e0d19d1d658d92523e284bf38c3b547646f36a412775ed9409a22484b5"
            "a46b73c527b8ff098039468415d9e6f6f1777e24b0000cbb70280d434bd10b00"
            "4055e05fe2462511cfda20445566ad1c55ec138552a6239467dbfdb76a8881e3"
            "bc1b6206a49ef06ea40404e768431272118b5473656e32913fe6475668cb6bd9"},
      {"u",
       "490aadba7c000a514c7570844943dc8caeab6f3fb710295b20407e2f4ef7cf22"
       "7e7962b0d26838d9d2e3557a8120ab98672f57c0a95d539c9ee41f172ef0f6df"
       "c091e131b9685b172b21091af9005bdaa6faed005486e808c95e5c744ba4895b"
       "5d6daeb9a4d5ed79a434b54263c03dc4a03c7ecd3c51aee8d49b222eafee812c"}}},
    {"rsa2048-bob",
     "rsa-sha256",
     {{"n", "9eda1c59736aa35a744bad443f81b6bca70250cca74d575359aae8c66a9112d9"
            "38ec454ee6e3ce6980377afa807f909434085653d5b4d1391ab81ac09b3a4bb7"
            "b5491e1f7d5afd1c4cfe55e1095de4f9b69b6e1369fae45088921c1bfd08eaca"
            "330bc5fb79d71f4f2f2063fd1348135330f50eb00e306e0297e90c4de0c3fe25"
            "15c28f4bbd052b1eaa605ac2c860e077c506f5744649d490e2e65208ec29f49f"
            "6767f7c2531d03d4836eb826f1c5220e8ff28f70cfd842e8729709f7a1ff7114"
            "00f10560bcb5af709daaf6b379541a8b306a873f9fd744babcdff676700dc519"
            "51423429368079d0f538f83dbb5b119c12479ce757d4d370b7b5a9ad8866958b"},
      {"e", "010001"},
      {"d", "101e0e394f3a1727f2dbc8d13f66505db4ce49d771f429739609fec33f05c835"
            "4d0ebffb80f6c5373420acf424bc8cb554d031be20d54f532d70579a8a457070"
            "4bcf06e4e809a6dbcbbe148598373427d80cce2edf166b3af698688cb87042ae"
            "505e95f06d8cd3aaeb9bac397dced6d31e8906bbfb3c93b4e4a7eb2d2dac8529"
            "222dc05213c28026b875802a3466997950637ee0c04076820cf114ac5bc3a9f0"
            "4a2516ca041594af93f0ea3d8513b0c0618b0f616897ff644b72e2358b66991a"
            "a68eb172f955d7c5ac7025f999ee04eb3e40d3e3aa795d1440c4d4ec153c2357"
            "e12eee323962a613d40f5ffd9103563e549a24f359d9675fa8c7c487633e9781"},
      {"p", "c5ed8ac15152f51357c2d6ca37d2399519f19b0ccce0fd4aee48fe6ca67281c1"
            "638a4692457953947aaf679821343ce5891201743492fef6ca350766668af48d"
            "13eb464e8fa3385c0e7fefb2df4aa57889768e051c2ddacfff377d498e334219"
            "fed76205cd4328f1cc47f23dc3cadd6dde43abf4c2e5e2f5bf9259305219780b"},
      {"q", "cd758f24ea24bfdcd4ad1569ac301a5412a25890e4f2d9adcf12a5f661c8177d"
            "c8863494ca881cd99f200e57848a9680f77fc0622136719ca8652e1cd36cc465"
            "36b25188d6b4d4c46f387c741f3d4383add2881471a49e59298787ac6c7feb94"
            "5ecd5355e15c990ef876982026f59eb37e3e216ffb2d605b3d755d08aa2a4881"},
      {"u",
       "02c48b970bb4243a9067403da2969ca7cc89205f607f700a2432891ca77aa38d"
       "3742081fc0af97c1c464b4b35ee68680538c1ac73f3f2545b812bf6cc7bd4c2a"
       "5cae61abf7a34f2cc7240207f8d7deb0d31064c80903c256ee52728d2e8ed07d"
       "8b83ca73bd5abd192f2d3c42f8a3aeddb9871d7b77837135839a22a16bc3ebda"}}},
    {"dsa2048-alice",
     "dsa-sha256",
     {{"p", "9062853181ee3ac759058c2200e570d366a195d1a3b85ded43dae1c3d51cc0a8"
            "165522919ec630a1a64af7e1a978ad4b35ed5691498ca77e629836372a2e02de"
            "42fcfab4ca42a1a82a8a4801e82851ef3c23df04833d91271245abb3de5ddea7"
            "1a4cc33e70168f243a71b6094a7a9d0ad5dc719493e12fc4f8872d1da85d01b5"
            "f928c34e4a01c0f24068a1e7304aece4ea4efdc0836949218111b67938da5535"
            "1f1a2cff5458209cbe085aff2279a103421f745fdc8e04a078c83daa01ec6bbe"
            "19a1a372916e3d44cfe767a8d8dae6cfb4754946d926afb8c70b87216d531646"
            "8236ba4d6c5e4a32c9c4ddf66c48f2b89e777b96fd88bcf49c5ee4e55750e31f"},
      {"q", "a70964ff471b074f3fcafa9026322af1a402db751e45bad47481a698d3429587"},
      {"g", "1483030d47a2d2f9e02493dfc81a57ae2d9218ba55fbee7184b654bddbf042c2"
            "9df1a9a54a3318bb971f76a69c8c2e123282dde864ff9dca0bd9028ad8d842c4"
            "0fb301824b395c3d1b60d78fa5bec3351cedf429629a6afb631ece9666be67d0"
            "7621b1cf222ac74e6e38abdb4748d7f0f314161ceed7b8066f8d515cb3d64933"
            "89cfaf5cca35e6f0f03df2f91a6fa54e6025d85d347e34a9b72ca73c65df2220"
            "4b89c76eed36844f1b6731356aa57dd6cc70537487cda1e4871db7e71381452a"
            "1e77cd8f5b0968235ccef28eab77ad4ff2d58bc1b6919023de7d39dba8761c3d"
            "f90048051a834d3e198e6a6f2ae3c5596afa7775bc4ca4948c7767568de43ae5"},
      {"y", "062f1e766efc0348a0e0e5035f00501c3e45d17c3b94a46513c6161706682283"
            "325d81114de08a78395c16f7d13942d27b76a7c3729c662f0de3481f07e10373"
            "ff691570597528b42f1a068544768bbffc4a2895229f440af4ff5fa35c8e5390"
            "759f5af512ad0589e6ab2bb6201b995053d96b5bd362f1fab4eb6fd80aedd6a2"
            "7fa835472039e5149552e972747985addbd3fe481d23203354ae0e672c357bfa"
            "6e047eb957d9f7c2faeb0f173816b7cb661e03fb9f1c2e6412ccb0993ab7097b"
            "277e3ef287868fde59fbbcc654f778de8a2dc52c804d4cb6ac08a4bc4a46c2a7"
            "7c2c088ee687eb86f05b791f5e93ab18eceb79e0505bf34d7c882a25925eb72d"},
      {"x",
       "41943da56335693610804edffcb8493b8a96707e71122d02d73067f989b7699e"}}},
    {"dsa2048-bob",
     "dsa-sha256",
     {{"p", "9062853181ee3ac759058c2200e570d366a195d1a3b85ded43dae1c3d51cc0a8"
            "165522919ec630a1a64af7e1a978ad4b35ed5691498ca77e629836372a2e02de"
            "42fcfab4ca42a1a82a8a4801e82851ef3c23df04833d91271245abb3de5ddea7"
            "1a4cc33e70168f243a71b6094a7a9d0ad5dc719493e12fc4f8872d1da85d01b5"
            "f928c34e4a01c0f24068a1e7304aece4ea4efdc0836949218111b67938da5535"
            "1f1a2cff5458209cbe085aff2279a103421f745fdc8e04a078c83daa01ec6bbe"
            "19a1a372916e3d44cfe767a8d8dae6cfb4754946d926afb8c70b87216d531646"
            "8236ba4d6c5e4a32c9c4ddf66c48f2b89e777b96fd88bcf49c5ee4e55750e31f"},
      {"q", "a70964ff471b074f3fcafa9026322af1a402db751e45bad47481a698d3429587"},
      {"g", "1483030d47a2d2f9e02493dfc81a57ae2d9218ba55fbee7184b654bddbf042c2"
            "9df1a9a54a3318bb971f76a69c8c2e123282dde864ff9dca0bd9028ad8d842c4"
            "0fb301824b395c3d1b60d78fa5bec3351cedf429629a6afb631ece9666be67d0"
            "7621b1cf222ac74e6e38abdb4748d7f0f314161ceed7b8066f8d515cb3d64933"
            "89cfaf5cca35e6f0f03df2f91a6fa54e6025d85d347e34a9b72ca73c65df2220"
            "4b89c76eed36844f1b6731356aa57dd6cc70537487cda1e4871db7e71381452a"
            "1e77cd8f5b0968235ccef28eab77ad4ff2d58bc1b6919023de7d39dba8761c3d"
            "f90048051a834d3e198e6a6f2ae3c5596afa7775bc4ca4948c7767568de43ae5"},
      {"y", "0273fd5d619583d36ef540749297499ce12bbceb205f26c4ea98c9a283c9ef88"
            "8fa56b6bf778061f73c6deabfcfbd7e81b001a1217fc46fe5922f47e117c8151"
            "c9afeb725caf42c215fb222534684e1177c0ce0c03831dfa832e0c9473e3012c"
            "eeb22a9a28999f61b9a6a0a5412273745022a8643bcbbcc37dd2b858ccee2ffb"
            "7687372c1b8b2030fdb215c318f0c01ff5ac8e5622b3fa1703d9cdd8c18723b3"
            "347de13661662175b93b375489cdc61e0c0f5f65386a2d3bdb0a7f7d9931db15"
            "ef13c72b5f690194255d5405c25b7daabccbc1c0f98ebb09edbee574ca716dde"
            "a14102f88ee23bfac6e3490c06eb114f0baa9e1427e024b2311f329f000adffd"},
      {"x",
       "99d7f751ca5c216e4214a8404be5bbbede396433d361503b255ca315df65659c"}}}};

static const vx_fixed_key *fixed_key(const char *name)
{
	for (size_t i = 0; i < sizeof fixed_keys / sizeof fixed_keys[0]; i++)
		if (strcmp(fixed_keys[i].name, name) == 0)
			return &fixed_keys[i];
	return NULL;
}

/* The bytes of component `part` of an identityKey object (malloc'ed). */
static bool component(const vj *identity_key, const char *part, uint8_t **out,
                      size_t *len)
{
	const vj *c = vj_get(identity_key, "components");
	*out = NULL;
	*len = 0;
	return c != NULL && vj_get(c, part) != NULL &&
	       vj_get_hex(c, part, out, len);
}

esession_status vx_key_load(const vj *identity_key, esession_key **out)
{
	static const char *const rsa[] = {"n", "e", "d", "p", "q", "u"};
	static const char *const dsa[] = {"p", "q", "g", "y", "x"};
	const char *alg = vj_get_str(identity_key, "alg");
	bool is_rsa = alg != NULL && strcmp(alg, "rsa-sha256") == 0;
	bool is_dsa = alg != NULL && strcmp(alg, "dsa-sha256") == 0;
	const char *const *names = is_rsa ? rsa : dsa;
	size_t n = is_rsa ? 6 : 5;
	uint8_t *b[6] = {NULL};
	size_t l[6] = {0};
	esession_status st = ESESSION_EINVAL;
	es_sign_key *sk = NULL;
	if (!is_rsa && !is_dsa)
		goto out;
	for (size_t i = 0; i < n; i++)
		if (!component(identity_key, names[i], &b[i], &l[i]))
			goto out;
	if (is_rsa) {
		es_rsa_parts p = {{b[0], l[0]}, {b[1], l[1]}, {b[2], l[2]},
		                  {b[3], l[3]}, {b[4], l[4]}, {b[5], l[5]}};
		st = es_sign_key_from_rsa(&sk, &p);
	} else {
		es_dsa_parts p = {{b[0], l[0]},
		                  {b[1], l[1]},
		                  {b[2], l[2]},
		                  {b[3], l[3]},
		                  {b[4], l[4]}};
		st = es_sign_key_from_dsa(&sk, &p);
	}
	if (st == ESESSION_OK)
		st = es_key_adopt(sk, out);
out:
	for (size_t i = 0; i < 6; i++) {
		if (b[i] != NULL)
			es_wipe(b[i], l[i]);
		free(b[i]);
	}
	return st;
}

vj *vx_key_object(const char *name)
{
	const vx_fixed_key *k = fixed_key(name);
	if (k == NULL)
		return NULL;
	vj *o = vj_obj();
	vj_set(o, "name", vj_str(k->name));
	vj_set(o, "alg", vj_str(k->alg));
	vj *c = vj_set(o, "components", vj_obj());
	for (size_t i = 0; i < 6 && k->parts[i].part != NULL; i++) {
		vj *h = vj_str(k->parts[i].hex);
		vj_set(c, k->parts[i].part, h);
	}
	esession_key *key = NULL;
	uint8_t *kv = NULL, fp[64];
	size_t kv_len = 0, fp_len = 0;
	bool ok = vx_key_load(o, &key) == ESESSION_OK &&
	          esession_key_keyvalue(key, &kv, &kv_len) == ESESSION_OK;
	if (ok)
		vj_set(o, "keyValue", vj_strn((const char *)kv, kv_len));
	vj *fps = ok ? vj_set(o, "fingerprints", vj_obj()) : NULL;
	static const char *const hashes[] = {"sha256", "whirlpool"};
	for (size_t i = 0; ok && i < 2; i++) {
		ok = esession_key_fingerprint(key, hashes[i], fp, sizeof fp,
		                              &fp_len) == ESESSION_OK;
		if (ok)
			vj_set(fps, hashes[i], vj_hex(fp, fp_len));
	}
	esession_bytes_free(kv, kv_len);
	esession_key_free(key);
	if (!ok) {
		vj_free(o);
		return NULL;
	}
	return o;
}
