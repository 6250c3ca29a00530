# mk/apps.mk - every application, declared once, in an app.mk beside its sources:
#   apps/<name>/app.mk, apps/{examples,tests}/<name>/app.mk   applications (portable API only)
#   arch/<port>/tests/<name>/app.mk, platform/tests/<name>/app.mk,
#   kernel/tests/<name>/app.mk (white-box kernel tests on the port)   tests of a room, which may
#                                                                   use that room's headers
# An app.mk appends its image names to APPS and sets, per name <a>:
#   APP_SRCS_<a>      its C files (required)
#   APP_CFLAGS_<a>    extra flags (its own directory is always on the include path)
#   APP_PORTS_<a>     ports it builds for: aarch64 (the default) and/or host
#   APP_ROOM_<a>      `port` for a test of the CPU port or the platform (their headers, libfdt)
#   APP_VARIANT_SRCS_<a> / APP_VARIANT_CFLAGS_<a>   common sources this image compiles again with
#                     extra flags, in place of the shared objects (test-only builds)
# APP_DIR is the app.mk's directory while it is read; APP_DIR_<a> keeps it.

APP_MKS := $(sort $(wildcard apps/*/app.mk apps/*/*/app.mk arch/*/tests/*/app.mk kernel/tests/*/app.mk \
	platform/tests/*/app.mk))
APPS :=

define APP_LOAD
APP_DIR := $(patsubst %/app.mk,%,$(1))
APPS_BEFORE_ := $$(APPS)
include $(1)
$$(foreach a,$$(filter-out $$(APPS_BEFORE_),$$(APPS)),$$(eval APP_DIR_$$(a) := $$(APP_DIR)))
endef
$(foreach m,$(APP_MKS),$(eval $(call APP_LOAD,$(m))))

# Every declared app has sources: a typo in an app.mk fails here, not at link time.
$(foreach a,$(APPS),$(if $(APP_SRCS_$(a)),,$(error $(APP_DIR_$(a))/app.mk: APP_SRCS_$(a) is empty)))
$(foreach a,$(APPS),$(if $(filter-out aarch64 host,$(APP_PORTS_$(a))),\
	$(error $(APP_DIR_$(a))/app.mk: unknown port in APP_PORTS_$(a))))

# Apps of a port: $(call apps_for,aarch64)
apps_for = $(foreach a,$(APPS),$(if $(filter $(1),$(or $(APP_PORTS_$(a)),aarch64)),$(a)))
