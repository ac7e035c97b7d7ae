/*
 * main: the command-line entry. Reads the settings (defaults, the config
 * file, the environment, then flags) and hands over to a subcommand from
 * cli.c. No logic of its own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "core/config.h"
#include "core/log.h"
#include "km/secret.h"
#include "web/json_arena.h"

/* A setting given as a flag, applied after the file and the environment. */
struct flag {
	char key[64];
	const char *value;
};

int main(int argc, char **argv)
{
	json_arena_install();
	struct config cfg;
	config_defaults(&cfg);
	struct flag flags[64];
	int nflags = 0;
	const char *config_file = NULL;
	char **rest = calloc((size_t)argc + 1, sizeof *rest);
	int nrest = 0;
	if (!rest)
		return 1;
	/* Split argv into settings (--key=value or --key value for known keys)
	 * and the command with its own arguments. */
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (nrest == 0 && (!strcmp(a, "--help") || !strcmp(a, "-h"))) {
			cli_usage(stdout);
			free(rest);
			return 0;
		}
		if (nrest == 0 && !strcmp(a, "--version")) {
			printf("klang %s\n", KLANG_VERSION);
			free(rest);
			return 0;
		}
		if (strncmp(a, "--", 2) == 0) {
			const char *eq = strchr(a, '=');
			size_t kl = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
			char key[64];
			if (kl < sizeof key) {
				memcpy(key, a + 2, kl);
				key[kl] = 0;
				const char *why;
				struct config probe;
				config_defaults(&probe);
				bool is_config = !strcmp(key, "config");
				bool known = is_config ||
					     config_set(&probe, key, eq ? eq + 1 : "1", &why) != ERR_NOTFOUND;
				if (known) {
					const char *value = eq ? eq + 1 : (i + 1 < argc ? argv[++i] : "");
					if (is_config) {
						config_file = value;
					} else if (nflags < 64) {
						memcpy(flags[nflags].key, key, kl + 1);
						flags[nflags].value = value;
						nflags++;
					}
					continue;
				}
			}
		}
		rest[nrest++] = argv[i];
	}
	if (nrest == 0) {
		cli_usage(stderr);
		free(rest);
		return 2;
	}
	/* The data directory decides where the default config file is. */
	const char *data_env = getenv("KLANG_DATA");
	if (data_env) {
		const char *why;
		if (config_set(&cfg, "data", data_env, &why))
			fprintf(stderr, "klang: KLANG_DATA: %s\n", why);
	}
	for (int i = 0; i < nflags; i++) {
		const char *why;
		if (!strcmp(flags[i].key, "data") && config_set(&cfg, "data", flags[i].value, &why))
			fprintf(stderr, "klang: --data: %s\n", why);
	}
	char path[600];
	int rc;
	if (config_file) {
		rc = config_load_file(&cfg, config_file, false);
	} else {
		snprintf(path, sizeof path, "%s/klang.conf", cfg.data_dir);
		rc = config_load_file(&cfg, path, true);
	}
	if (!rc)
		rc = config_load_env(&cfg);
	for (int i = 0; !rc && i < nflags; i++) {
		const char *why = NULL;
		rc = config_set(&cfg, flags[i].key, flags[i].value, &why);
		if (rc)
			fprintf(stderr, "klang: --%s: %s\n", flags[i].key, why);
	}
	if (rc) {
		free(rest);
		return 2;
	}
	static const struct {
		const char *name;
		enum log_level level;
	} levels[] = {{"error", LOG_ERROR}, {"warn", LOG_WARN}, {"info", LOG_INFO}, {"debug", LOG_DEBUG}};
	for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++) {
		if (!strcmp(cfg.log_level, levels[i].name))
			log_set_level(levels[i].level);
	}
	log_set_requests(cfg.log_requests);
	if (secret_init()) {
		fprintf(stderr, "klang: cannot initialise libsodium\n");
		free(rest);
		return 1;
	}
	int status = cli_run(&cfg, nrest, rest);
	free(rest);
	return status;
}
