// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the kernel markers registry.
 *
 * The markers under test live in this file.  Sites that must come and go
 * (as a module's would) are struct markers outside the __markers_ptrs
 * section, loaded and unloaded through the same helpers the module
 * notifier uses.
 */
#include <kunit/test.h>
#include <linux/atomic.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/marker.h>
#include <linux/rcupdate.h>
#include <linux/string.h>
#include <linux/trace_events.h>
#include <linux/tracepoint.h>
#include <linux/unaligned.h>

#include "marker_internal.h"

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);

#define MAX_CALLS 8

struct probe_ctx {
	atomic_t calls;
	int order[MAX_CALLS];
	atomic_t n;
	int id;
	int value;
	const char *fmt;
	void *call_private;
};

static void record_probe(void *probe_private, void *call_private,
			 const char *fmt, va_list *args)
{
	struct probe_ctx *ctx = probe_private;

	atomic_inc(&ctx->calls);
	ctx->fmt = fmt;
	ctx->call_private = call_private;
}

static void int_probe(void *probe_private, void *call_private,
		      const char *fmt, va_list *args)
{
	struct probe_ctx *ctx = probe_private;

	ctx->value = va_arg(*args, int);
	atomic_inc(&ctx->calls);
}

/* Several probes append their id to one shared order log. */
static struct probe_ctx order_log;

static void order_probe(void *probe_private, void *call_private,
			const char *fmt, va_list *args)
{
	struct probe_ctx *ctx = probe_private;
	int i = atomic_inc_return(&order_log.n) - 1;

	if (i < MAX_CALLS)
		order_log.order[i] = ctx->id;
	atomic_inc(&ctx->calls);
}

/* int_probe's fast kind: reads the slot. */
static void fast_int_probe(void *probe_private, void *call_private,
			   const char *fmt, const u64 *args)
{
	struct probe_ctx *ctx = probe_private;

	ctx->value = (int)args[0];
	atomic_inc(&ctx->calls);
}

/* The sites. */

static noinline void fire_basic(int v)
{
	trace_mark(marker_kunit_basic, "value %d", v);
}

static noinline void fire_order(void)
{
	trace_mark(marker_kunit_order, "value %d", 1);
}

static noinline void fire_noargs(void)
{
	trace_mark(marker_kunit_noargs, MARK_NOARGS);
}

static noinline void fire_private(void *cp)
{
	__trace_mark(marker_kunit_private, cp, "value %d", 7);
}

static atomic_t side_effects;

static noinline int counted_arg(void)
{
	atomic_inc(&side_effects);
	return 42;
}

static noinline void fire_lazy(void)
{
	trace_mark(marker_kunit_lazy, "value %d", counted_arg());
}

static __always_inline void inline_site(int v)
{
	trace_mark(marker_kunit_inline, "value %d", v);
}

static noinline void fire_inline_a(void)
{
	inline_site(1);
}

static noinline void fire_inline_b(void)
{
	int i;

#pragma GCC unroll 4
	for (i = 0; i < 4; i++)
		inline_site(i);
}

static noinline void fire_multi(void)
{
	trace_mark(marker_kunit_multi, "value %d", 1);
	trace_mark(marker_kunit_multi, "value %d", 2);
}

static int info_copy(const struct marker_info *info, void *data)
{
	*(struct marker_info *)data = *info;
	return 0;
}

/* A snapshot of @name; -ENOENT in .arms etc. is reported by the return. */
static int query(const char *name, struct marker_info *info)
{
	memset(info, 0, sizeof(*info));
	return marker_query(name, info_copy, info);
}

static void marker_test_register_unregister(struct kunit *test)
{
	struct probe_ctx ctx = {};
	struct marker_info info;

	KUNIT_ASSERT_EQ(test, 0, marker_probe_register("marker_kunit_basic",
						       "value %d", int_probe,
						       &ctx));
	KUNIT_ASSERT_EQ(test, 0, query("marker_kunit_basic", &info));
	KUNIT_EXPECT_EQ(test, 1U, info.nr_probes);
	KUNIT_EXPECT_EQ(test, 1U, info.nr_instances);
	KUNIT_EXPECT_STREQ(test, "value %d", info.format);
	KUNIT_EXPECT_EQ(test, 0, marker_probe_unregister("marker_kunit_basic",
							 int_probe, &ctx));
	KUNIT_ASSERT_EQ(test, 0, query("marker_kunit_basic", &info));
	KUNIT_EXPECT_EQ(test, 0U, info.nr_probes);
	KUNIT_EXPECT_EQ(test, -ENOENT,
			marker_probe_unregister("marker_kunit_basic",
						int_probe, &ctx));
}

static void marker_test_fires_only_armed(struct kunit *test)
{
	struct probe_ctx ctx = {};

	KUNIT_ASSERT_EQ(test, 0, marker_probe_register("marker_kunit_basic",
						       NULL, int_probe, &ctx));
	fire_basic(5);
	KUNIT_EXPECT_EQ(test, 0, atomic_read(&ctx.calls));

	KUNIT_ASSERT_EQ(test, 0, marker_arm("marker_kunit_basic"));
	fire_basic(17);
	KUNIT_EXPECT_EQ(test, 1, atomic_read(&ctx.calls));
	KUNIT_EXPECT_EQ(test, 17, ctx.value);

	KUNIT_EXPECT_EQ(test, 0, marker_disarm("marker_kunit_basic"));
	fire_basic(18);
	KUNIT_EXPECT_EQ(test, 1, atomic_read(&ctx.calls));
	KUNIT_EXPECT_EQ(test, 0, marker_probe_unregister("marker_kunit_basic",
							 int_probe, &ctx));
}

static void marker_test_probe_order(struct kunit *test)
{
	struct probe_ctx a = { .id = 1 }, b = { .id = 2 }, c = { .id = 3 };

	memset(&order_log, 0, sizeof(order_log));
	KUNIT_ASSERT_EQ(test, 0, marker_probe_register("marker_kunit_order",
						       NULL, order_probe, &a));
	KUNIT_ASSERT_EQ(test, 0, marker_probe_register("marker_kunit_order",
						       NULL, order_probe, &b));
	KUNIT_ASSERT_EQ(test, 0, marker_probe_register("marker_kunit_order",
						       NULL, order_probe, &c));
	KUNIT_ASSERT_EQ(test, 0, marker_arm("marker_kunit_order"));
	fire_order();
	KUNIT_EXPECT_EQ(test, 3, atomic_read(&order_log.n));
	KUNIT_EXPECT_EQ(test, 1, order_log.order[0]);
	KUNIT_EXPECT_EQ(test, 2, order_log.order[1]);
	KUNIT_EXPECT_EQ(test, 3, order_log.order[2]);

	/* Removing the middle one keeps the others, in order. */
	KUNIT_EXPECT_EQ(test, 0, marker_probe_unregister("marker_kunit_order",
							 order_probe, &b));
	atomic_set(&order_log.n, 0);
	fire_order();
	KUNIT_EXPECT_EQ(test, 2, atomic_read(&order_log.n));
	KUNIT_EXPECT_EQ(test, 1, order_log.order[0]);
	KUNIT_EXPECT_EQ(test, 3, order_log.order[1]);

	KUNIT_EXPECT_EQ(test, 0, marker_disarm("marker_kunit_order"));
	KUNIT_EXPECT_EQ(test, 0, marker_probe_unregister("marker_kunit_order",
							 order_probe, &a));
	KUNIT_EXPECT_EQ(test, 0, marker_probe_unregister("marker_kunit_order",
							 order_probe, &c));
}

static void marker_test_duplicate_busy(struct kunit *test)
{
	struct probe_ctx ctx = {}, other = {};
	struct marker_info info;

	KUNIT_ASSERT_EQ(test, 0, marker_probe_register("marker_kunit_basic",
						       NULL, int_probe, &ctx));
	KUNIT_EXPECT_EQ(test, -EBUSY,
			marker_probe_register("marker_kunit_basic", NULL,
					      int_probe, &ctx));
	/* Same probe, other private data: a second connection. */
	KUNIT_EXPECT_EQ(test, 0, marker_probe_register("marker_kunit_basic",
						       NULL, int_probe, &other));
	KUNIT_ASSERT_EQ(test, 0, query("marker_kunit_basic", &info));
	KUNIT_EXPECT_EQ(test, 2U, info.nr_probes);
	KUNIT_EXPECT_EQ(test, 0, marker_probe_unregister("marker_kunit_basic",
							 int_probe, &ctx));
	KUNIT_EXPECT_EQ(test, 0, marker_probe_unregister("marker_kunit_basic",
							 int_probe, &other));
}

static void marker_test_unknown_enoent(struct kunit *test)
{
	struct probe_ctx ctx = {};
	struct marker_info info;

	KUNIT_EXPECT_EQ(test, -ENOENT, query("marker_kunit_nosuch", &info));
	KUNIT_EXPECT_EQ(test, -ENOENT,
			marker_probe_unregister("marker_kunit_nosuch",
						int_probe, &ctx));
	KUNIT_EXPECT_EQ(test, -ENOENT, marker_disarm("marker_kunit_nosuch"));
	KUNIT_EXPECT_PTR_EQ(test, ERR_PTR(-ENOENT),
			    marker_get_private_data("marker_kunit_nosuch",
						    int_probe, 0));
	KUNIT_EXPECT_EQ(test, -ENOENT,
			marker_probe_unregister_private_data(int_probe, &ctx));
	/* A failed lookup leaves no entry behind. */
	KUNIT_EXPECT_EQ(test, -ENOENT, query("marker_kunit_nosuch", &info));
}

static void marker_test_bad_names(struct kunit *test)
{
	char name[MARKER_NAME_MAX + 2];
	struct probe_ctx ctx = {};

	KUNIT_EXPECT_EQ(test, -EINVAL, marker_arm(""));
	KUNIT_EXPECT_EQ(test, -EINVAL, marker_arm(NULL));
	KUNIT_EXPECT_EQ(test, -EINVAL, marker_arm("9lives"));
	KUNIT_EXPECT_EQ(test, -EINVAL, marker_arm("has-dash"));
	KUNIT_EXPECT_EQ(test, -EINVAL, marker_arm("has space"));
	KUNIT_EXPECT_EQ(test, -EINVAL, marker_arm("caf\xc3\xa9"));
	KUNIT_EXPECT_EQ(test, -EINVAL,
			marker_probe_register("ok_name", NULL, NULL, &ctx));
	KUNIT_EXPECT_EQ(test, -EINVAL,
			marker_probe_register("bad/name", NULL, int_probe,
					      &ctx));
	/* Names a fixed file of the markers trees or events/markers/ has. */
	KUNIT_EXPECT_EQ(test, -EINVAL, marker_arm("control"));
	KUNIT_EXPECT_EQ(test, -EINVAL,
			marker_probe_register("enable", NULL, int_probe, &ctx));
	KUNIT_EXPECT_EQ(test, -EINVAL,
			marker_fast_probe_register("filter", NULL,
						   fast_int_probe, &ctx));
	KUNIT_EXPECT_EQ(test, 0, marker_arm("controls"));
	KUNIT_EXPECT_EQ(test, 0, marker_disarm("controls"));

	memset(name, 'a', sizeof(name));
	name[MARKER_NAME_MAX + 1] = '\0';
	KUNIT_EXPECT_EQ(test, -EINVAL, marker_arm(name));
	name[MARKER_NAME_MAX] = '\0';
	KUNIT_EXPECT_EQ(test, 0, marker_arm(name));
	KUNIT_EXPECT_EQ(test, 0, marker_disarm(name));
}

static void marker_test_format_mismatch(struct kunit *test)
{
	struct probe_ctx ctx = {}, any = {};
	struct marker_info info;

	KUNIT_EXPECT_EQ(test, -EPERM,
			marker_probe_register("marker_kunit_basic", "value %u",
					      int_probe, &ctx));
	KUNIT_ASSERT_EQ(test, 0, query("marker_kunit_basic", &info));
	KUNIT_EXPECT_EQ(test, 0U, info.nr_probes);
	/* NULL accepts whatever the marker has. */
	KUNIT_EXPECT_EQ(test, 0, marker_probe_register("marker_kunit_basic",
						       NULL, int_probe, &any));
	KUNIT_EXPECT_EQ(test, 0, marker_probe_unregister("marker_kunit_basic",
							 int_probe, &any));
}

static void marker_test_arm_counting(struct kunit *test)
{
	struct probe_ctx ctx = {};
	struct marker_info info;

	KUNIT_ASSERT_EQ(test, 0, marker_probe_register("marker_kunit_basic",
						       NULL, int_probe, &ctx));
	KUNIT_ASSERT_EQ(test, 0, marker_arm("marker_kunit_basic"));
	KUNIT_ASSERT_EQ(test, 0, marker_arm("marker_kunit_basic"));
	KUNIT_ASSERT_EQ(test, 0, query("marker_kunit_basic", &info));
	KUNIT_EXPECT_EQ(test, 2U, info.arms);
	KUNIT_EXPECT_TRUE(test, info.active);

	KUNIT_EXPECT_EQ(test, 0, marker_disarm("marker_kunit_basic"));
	fire_basic(1);
	KUNIT_EXPECT_EQ(test, 1, atomic_read(&ctx.calls));

	KUNIT_EXPECT_EQ(test, 0, marker_disarm("marker_kunit_basic"));
	fire_basic(2);
	KUNIT_EXPECT_EQ(test, 1, atomic_read(&ctx.calls));

	/* Over-disarm: an error, and the count stays at zero. */
	KUNIT_EXPECT_EQ(test, -EINVAL, marker_disarm("marker_kunit_basic"));
	KUNIT_ASSERT_EQ(test, 0, query("marker_kunit_basic", &info));
	KUNIT_EXPECT_EQ(test, 0U, info.arms);
	KUNIT_EXPECT_FALSE(test, info.active);
	KUNIT_ASSERT_EQ(test, 0, marker_arm("marker_kunit_basic"));
	fire_basic(3);
	KUNIT_EXPECT_EQ(test, 2, atomic_read(&ctx.calls));
	KUNIT_EXPECT_EQ(test, 0, marker_disarm("marker_kunit_basic"));
	KUNIT_EXPECT_EQ(test, 0, marker_probe_unregister("marker_kunit_basic",
							 int_probe, &ctx));
}

/* Sites outside any section, loaded and unloaded like a module's. */
static DEFINE_STATIC_KEY_FALSE(late_key);
static DEFINE_STATIC_KEY_FALSE(late_conflict_key);

static struct marker late_site = {
	.name = "marker_kunit_late",
	.format = "value %d",
	.key = &late_key,
	.owner = THIS_MODULE,
};

static struct marker late_site_conflict = {
	.name = "marker_kunit_late",
	.format = "value %s",
	.key = &late_conflict_key,
	.owner = THIS_MODULE,
};

static struct marker * const late_sites[] = { &late_site };
static struct marker * const late_conflicts[] = { &late_site_conflict };

static noinline void fire_late(struct marker *m, int v)
{
	if (static_key_enabled(m->key))
		__mark_hit(m, NULL, v);
}

static void marker_test_pending_arm(struct kunit *test)
{
	struct marker_info info;

	KUNIT_ASSERT_EQ(test, 0, marker_arm("marker_kunit_pending"));
	KUNIT_ASSERT_EQ(test, 0, query("marker_kunit_pending", &info));
	KUNIT_EXPECT_EQ(test, 1U, info.arms);
	KUNIT_EXPECT_EQ(test, 0U, info.nr_instances);
	KUNIT_EXPECT_EQ(test, 0, marker_disarm("marker_kunit_pending"));
	/* Nothing holds it any more: the entry is gone. */
	KUNIT_EXPECT_EQ(test, -ENOENT, query("marker_kunit_pending", &info));
}

static void marker_test_probe_before_marker(struct kunit *test)
{
	struct probe_ctx ctx = {};
	struct marker_info info;
	int round;

	KUNIT_ASSERT_EQ(test, 0, marker_probe_register("marker_kunit_late",
						       "value %d", int_probe,
						       &ctx));
	KUNIT_ASSERT_EQ(test, 0, marker_arm("marker_kunit_late"));
	KUNIT_ASSERT_EQ(test, 0, query("marker_kunit_late", &info));
	KUNIT_EXPECT_EQ(test, 0U, info.nr_instances);
	KUNIT_EXPECT_FALSE(test, info.active);

	/* Load, fire, unload, twice: the probe and the arm survive. */
	for (round = 1; round <= 2; round++) {
		KUNIT_ASSERT_EQ(test, 0,
				marker_load_sites(late_sites, late_sites + 1));
		KUNIT_EXPECT_TRUE(test, static_key_enabled(late_site.key));
		fire_late(&late_site, 40 + round);
		KUNIT_EXPECT_EQ(test, round, atomic_read(&ctx.calls));
		KUNIT_EXPECT_EQ(test, 40 + round, ctx.value);
		marker_unload_sites(late_sites, late_sites + 1, NULL);
		KUNIT_ASSERT_EQ(test, 0, query("marker_kunit_late", &info));
		KUNIT_EXPECT_EQ(test, 0U, info.nr_instances);
		KUNIT_EXPECT_EQ(test, 1U, info.arms);
		KUNIT_EXPECT_EQ(test, 1U, info.nr_probes);
	}
	/* Unloading gave the site's key reference back. */
	KUNIT_EXPECT_FALSE(test, static_key_enabled(late_site.key));

	KUNIT_EXPECT_EQ(test, 0, marker_disarm("marker_kunit_late"));
	KUNIT_EXPECT_EQ(test, 0, marker_probe_unregister("marker_kunit_late",
							 int_probe, &ctx));
	KUNIT_EXPECT_EQ(test, -ENOENT, query("marker_kunit_late", &info));
}

static void marker_test_instance_conflict(struct kunit *test)
{
	struct probe_ctx ctx = {};
	struct marker_info info;

	KUNIT_ASSERT_EQ(test, 0, marker_load_sites(late_sites, late_sites + 1));
	KUNIT_ASSERT_EQ(test, 0,
			marker_load_sites(late_conflicts, late_conflicts + 1));
	KUNIT_ASSERT_EQ(test, 0, query("marker_kunit_late", &info));
	KUNIT_EXPECT_EQ(test, 2U, info.nr_instances);
	KUNIT_EXPECT_EQ(test, 1U, info.nr_conflicts);
	KUNIT_EXPECT_STREQ(test, "value %d", info.format);

	KUNIT_ASSERT_EQ(test, 0, marker_probe_register("marker_kunit_late",
						       NULL, int_probe, &ctx));
	KUNIT_ASSERT_EQ(test, 0, marker_arm("marker_kunit_late"));
	/* The agreeing instance is armed, the other one is not. */
	KUNIT_EXPECT_TRUE(test, static_key_enabled(late_site.key));
	KUNIT_EXPECT_FALSE(test, static_key_enabled(late_site_conflict.key));
	KUNIT_EXPECT_EQ(test, 0, marker_disarm("marker_kunit_late"));
	KUNIT_EXPECT_FALSE(test, static_key_enabled(late_site.key));

	marker_unload_sites(late_sites, late_sites + 1, NULL);
	marker_unload_sites(late_conflicts, late_conflicts + 1, NULL);
	KUNIT_EXPECT_EQ(test, 0, marker_probe_unregister("marker_kunit_late",
							 int_probe, &ctx));
	KUNIT_EXPECT_EQ(test, -ENOENT, query("marker_kunit_late", &info));
}

/* A probe with a format registered first decides the format. */
static void marker_test_probe_format_first(struct kunit *test)
{
	struct probe_ctx ctx = {};
	struct marker_info info;

	KUNIT_ASSERT_EQ(test, 0, marker_probe_register("marker_kunit_late",
						       "value %s", int_probe,
						       &ctx));
	KUNIT_ASSERT_EQ(test, 0, marker_arm("marker_kunit_late"));
	/* The site that loads disagrees: it wins, the probe is left out. */
	KUNIT_ASSERT_EQ(test, 0, marker_load_sites(late_sites, late_sites + 1));
	KUNIT_EXPECT_FALSE(test, static_key_enabled(late_site.key));
	KUNIT_ASSERT_EQ(test, 0, query("marker_kunit_late", &info));
	KUNIT_EXPECT_STREQ(test, "value %d", info.format);
	marker_unload_sites(late_sites, late_sites + 1, NULL);

	KUNIT_EXPECT_EQ(test, 0, marker_disarm("marker_kunit_late"));
	KUNIT_EXPECT_EQ(test, 0, marker_probe_unregister("marker_kunit_late",
							 int_probe, &ctx));
}

static void marker_test_noargs(struct kunit *test)
{
	struct probe_ctx ctx = {};

	KUNIT_ASSERT_EQ(test, 0, marker_probe_register("marker_kunit_noargs",
						       MARK_NOARGS,
						       record_probe, &ctx));
	KUNIT_ASSERT_EQ(test, 0, marker_arm("marker_kunit_noargs"));
	fire_noargs();
	KUNIT_EXPECT_EQ(test, 1, atomic_read(&ctx.calls));
	KUNIT_EXPECT_STREQ(test, MARK_NOARGS, ctx.fmt);
	KUNIT_EXPECT_NULL(test, ctx.call_private);
	KUNIT_EXPECT_EQ(test, 0, marker_disarm("marker_kunit_noargs"));
	KUNIT_EXPECT_EQ(test, 0, marker_probe_unregister("marker_kunit_noargs",
							 record_probe, &ctx));
}

static void marker_test_call_private(struct kunit *test)
{
	struct probe_ctx ctx = {};
	int cookie;

	KUNIT_ASSERT_EQ(test, 0, marker_probe_register("marker_kunit_private",
						       NULL, record_probe,
						       &ctx));
	KUNIT_ASSERT_EQ(test, 0, marker_arm("marker_kunit_private"));
	fire_private(&cookie);
	KUNIT_EXPECT_EQ(test, 1, atomic_read(&ctx.calls));
	KUNIT_EXPECT_PTR_EQ(test, (void *)&cookie, ctx.call_private);
	KUNIT_EXPECT_EQ(test, 0, marker_disarm("marker_kunit_private"));
	KUNIT_EXPECT_EQ(test, 0,
			marker_probe_unregister("marker_kunit_private",
						record_probe, &ctx));
}

static void marker_test_lazy_arguments(struct kunit *test)
{
	struct probe_ctx ctx = {};

	atomic_set(&side_effects, 0);
	fire_lazy();
	KUNIT_EXPECT_EQ(test, 0, atomic_read(&side_effects));

	KUNIT_ASSERT_EQ(test, 0, marker_probe_register("marker_kunit_lazy",
						       NULL, int_probe, &ctx));
	fire_lazy();
	/* A probe alone does not arm. */
	KUNIT_EXPECT_EQ(test, 0, atomic_read(&side_effects));

	KUNIT_ASSERT_EQ(test, 0, marker_arm("marker_kunit_lazy"));
	fire_lazy();
	KUNIT_EXPECT_EQ(test, 1, atomic_read(&side_effects));
	KUNIT_EXPECT_EQ(test, 42, ctx.value);

	KUNIT_EXPECT_EQ(test, 0, marker_disarm("marker_kunit_lazy"));
	fire_lazy();
	KUNIT_EXPECT_EQ(test, 1, atomic_read(&side_effects));
	KUNIT_EXPECT_EQ(test, 0, marker_probe_unregister("marker_kunit_lazy",
							 int_probe, &ctx));
}

static void marker_test_instances(struct kunit *test)
{
	struct probe_ctx ctx = {};
	struct marker_info info;

	KUNIT_ASSERT_EQ(test, 0, query("marker_kunit_multi", &info));
	KUNIT_EXPECT_EQ(test, 2U, info.nr_instances);
	KUNIT_EXPECT_EQ(test, 0U, info.nr_conflicts);

	KUNIT_ASSERT_EQ(test, 0, marker_probe_register("marker_kunit_multi",
						       NULL, int_probe, &ctx));
	KUNIT_ASSERT_EQ(test, 0, marker_arm("marker_kunit_multi"));
	fire_multi();
	KUNIT_EXPECT_EQ(test, 2, atomic_read(&ctx.calls));
	KUNIT_EXPECT_EQ(test, 2, ctx.value);
	KUNIT_EXPECT_EQ(test, 0, marker_disarm("marker_kunit_multi"));
	KUNIT_EXPECT_EQ(test, 0, marker_probe_unregister("marker_kunit_multi",
							 int_probe, &ctx));

	/* An inline function's site, inlined twice and in an unrolled loop. */
	memset(&ctx, 0, sizeof(ctx));
	KUNIT_ASSERT_EQ(test, 0, marker_probe_register("marker_kunit_inline",
						       NULL, int_probe, &ctx));
	KUNIT_ASSERT_EQ(test, 0, marker_arm("marker_kunit_inline"));
	fire_inline_a();
	fire_inline_b();
	KUNIT_EXPECT_EQ(test, 5, atomic_read(&ctx.calls));
	KUNIT_EXPECT_EQ(test, 3, ctx.value);
	KUNIT_EXPECT_EQ(test, 0, marker_disarm("marker_kunit_inline"));
	fire_inline_a();
	KUNIT_EXPECT_EQ(test, 5, atomic_read(&ctx.calls));
	KUNIT_EXPECT_EQ(test, 0, marker_probe_unregister("marker_kunit_inline",
							 int_probe, &ctx));
}

static void marker_test_private_data(struct kunit *test)
{
	struct probe_ctx a = {}, b = {};

	KUNIT_ASSERT_EQ(test, 0, marker_probe_register("marker_kunit_basic",
						       NULL, int_probe, &a));
	KUNIT_ASSERT_EQ(test, 0, marker_probe_register("marker_kunit_basic",
						       NULL, record_probe, &b));
	KUNIT_ASSERT_EQ(test, 0, marker_probe_register("marker_kunit_order",
						       NULL, int_probe, &b));
	KUNIT_EXPECT_PTR_EQ(test, (void *)&a,
			    marker_get_private_data("marker_kunit_basic",
						    int_probe, 0));
	KUNIT_EXPECT_PTR_EQ(test, ERR_PTR(-ENOENT),
			    marker_get_private_data("marker_kunit_basic",
						    int_probe, 1));
	KUNIT_EXPECT_PTR_EQ(test, (void *)&b,
			    marker_get_private_data("marker_kunit_basic",
						    record_probe, 0));

	/* (int_probe, &b) is only on marker_kunit_order. */
	KUNIT_EXPECT_EQ(test, 0,
			marker_probe_unregister_private_data(int_probe, &b));
	KUNIT_EXPECT_EQ(test, -ENOENT,
			marker_probe_unregister("marker_kunit_order",
						int_probe, &b));
	KUNIT_EXPECT_EQ(test, -ENOENT,
			marker_probe_unregister_private_data(int_probe, &b));
	KUNIT_EXPECT_EQ(test, 0,
			marker_probe_unregister_private_data(int_probe, &a));
	KUNIT_EXPECT_EQ(test, 0,
			marker_probe_unregister_private_data(record_probe, &b));
}

/* Every conversion the printk probe formats, read back with va_arg. */
struct conv_values {
	int d, i;
	unsigned int u, x;
	long ld;
	unsigned long lu;
	long long lld;
	unsigned long long llu;
	size_t zu;
	ssize_t zd;
	void *p;
	const char *s;
	int c;
	char text[192];
};

#define CONV_FMT "d %d i %i u %u x %x ld %ld lu %lu lld %lld llu %llu " \
		 "zu %zu zd %zd p %p s %s c %c"

static void conv_probe(void *probe_private, void *call_private,
		       const char *fmt, va_list *args)
{
	struct conv_values *v = probe_private;
	struct va_format vaf;
	va_list copy;

	va_copy(copy, *args);
	vaf.fmt = fmt;
	vaf.va = &copy;
	snprintf(v->text, sizeof(v->text), "%pV", &vaf);
	va_end(copy);

	v->d = va_arg(*args, int);
	v->i = va_arg(*args, int);
	v->u = va_arg(*args, unsigned int);
	v->x = va_arg(*args, unsigned int);
	v->ld = va_arg(*args, long);
	v->lu = va_arg(*args, unsigned long);
	v->lld = va_arg(*args, long long);
	v->llu = va_arg(*args, unsigned long long);
	v->zu = va_arg(*args, size_t);
	v->zd = va_arg(*args, ssize_t);
	v->p = va_arg(*args, void *);
	v->s = va_arg(*args, const char *);
	v->c = va_arg(*args, int);
}

static noinline void fire_conversions(void *p)
{
	trace_mark(marker_kunit_conv, CONV_FMT, -5, 42, 4000000000U,
		   0xbeefU, -1234567890123L, 9876543210UL, -5000000000LL,
		   18000000000000000000ULL, (size_t)4096, (ssize_t)-17, p,
		   "text", 'Z');
}

static const char conv_head[] =
	"d -5 i 42 u 4000000000 x beef ld -1234567890123 lu 9876543210 ";
static const char conv_tail[] =
	"lld -5000000000 llu 18000000000000000000 zu 4096 zd -17 p ";

static void marker_test_conversions(struct kunit *test)
{
	struct conv_values *v = kunit_kzalloc(test, sizeof(*v), GFP_KERNEL);
	int cookie;

	KUNIT_ASSERT_NOT_NULL(test, v);
	KUNIT_ASSERT_EQ(test, 0, marker_probe_register("marker_kunit_conv",
						       CONV_FMT, conv_probe,
						       v));
	KUNIT_ASSERT_EQ(test, 0, marker_arm("marker_kunit_conv"));
	fire_conversions(&cookie);
	KUNIT_EXPECT_EQ(test, 0, marker_disarm("marker_kunit_conv"));
	KUNIT_EXPECT_EQ(test, 0, marker_probe_unregister("marker_kunit_conv",
							 conv_probe, v));

	KUNIT_EXPECT_EQ(test, -5, v->d);
	KUNIT_EXPECT_EQ(test, 42, v->i);
	KUNIT_EXPECT_EQ(test, 4000000000U, v->u);
	KUNIT_EXPECT_EQ(test, 0xbeefU, v->x);
	KUNIT_EXPECT_EQ(test, -1234567890123L, v->ld);
	KUNIT_EXPECT_EQ(test, 9876543210UL, v->lu);
	KUNIT_EXPECT_EQ(test, -5000000000LL, v->lld);
	KUNIT_EXPECT_EQ(test, 18000000000000000000ULL, v->llu);
	KUNIT_EXPECT_EQ(test, (size_t)4096, v->zu);
	KUNIT_EXPECT_EQ(test, (ssize_t)-17, v->zd);
	KUNIT_EXPECT_PTR_EQ(test, (void *)&cookie, v->p);
	KUNIT_EXPECT_STREQ(test, "text", v->s);
	KUNIT_EXPECT_EQ(test, 'Z', v->c);
	/* %p is hashed: compare up to it, then after it. */
	KUNIT_EXPECT_EQ(test, 0, strncmp(v->text, conv_head, strlen(conv_head)));
	KUNIT_EXPECT_PTR_EQ(test, v->text + strlen(conv_head),
			    strstr(v->text, conv_tail));
	KUNIT_EXPECT_NOT_NULL(test, strstr(v->text, " s text c Z"));
}

/*
 * With several probes, each reads every argument, from the registers and
 * from the stack, from the start: none sees what another consumed.
 */
static void marker_test_conversions_each_probe(struct kunit *test)
{
	struct conv_values *v[2];
	int cookie, k;

	for (k = 0; k < 2; k++) {
		v[k] = kunit_kzalloc(test, sizeof(*v[k]), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, v[k]);
		KUNIT_ASSERT_EQ(test, 0,
				marker_probe_register("marker_kunit_conv",
						      CONV_FMT, conv_probe,
						      v[k]));
	}
	KUNIT_ASSERT_EQ(test, 0, marker_arm("marker_kunit_conv"));
	fire_conversions(&cookie);
	KUNIT_EXPECT_EQ(test, 0, marker_disarm("marker_kunit_conv"));
	for (k = 0; k < 2; k++) {
		KUNIT_EXPECT_EQ(test, 0,
				marker_probe_unregister("marker_kunit_conv",
							conv_probe, v[k]));
		KUNIT_EXPECT_EQ(test, -5, v[k]->d);
		KUNIT_EXPECT_EQ(test, 0xbeefU, v[k]->x);
		KUNIT_EXPECT_EQ(test, 18000000000000000000ULL, v[k]->llu);
		KUNIT_EXPECT_PTR_EQ(test, (void *)&cookie, v[k]->p);
		KUNIT_EXPECT_STREQ(test, "text", v[k]->s);
		KUNIT_EXPECT_EQ(test, 'Z', v[k]->c);
		KUNIT_EXPECT_NOT_NULL(test, strstr(v[k]->text, " s text c Z"));
	}
}

/* The same conversions, read by a fast probe from their slots. */
static void conv_fast_probe(void *probe_private, void *call_private,
			    const char *fmt, const u64 *args)
{
	struct conv_values *v = probe_private;

	v->d = (int)args[0];
	v->i = (int)args[1];
	v->u = (unsigned int)args[2];
	v->x = (unsigned int)args[3];
	v->ld = (long)args[4];
	v->lu = (unsigned long)args[5];
	v->lld = (long long)args[6];
	v->llu = (unsigned long long)args[7];
	v->zu = (size_t)args[8];
	v->zd = (ssize_t)args[9];
	v->p = (void *)(unsigned long)args[10];
	v->s = (const char *)(unsigned long)args[11];
	v->c = (int)args[12];
}

static void expect_same_conv(struct kunit *test, const struct conv_values *a,
			     const struct conv_values *b)
{
	KUNIT_EXPECT_EQ(test, a->d, b->d);
	KUNIT_EXPECT_EQ(test, a->i, b->i);
	KUNIT_EXPECT_EQ(test, a->u, b->u);
	KUNIT_EXPECT_EQ(test, a->x, b->x);
	KUNIT_EXPECT_EQ(test, a->ld, b->ld);
	KUNIT_EXPECT_EQ(test, a->lu, b->lu);
	KUNIT_EXPECT_EQ(test, a->lld, b->lld);
	KUNIT_EXPECT_EQ(test, a->llu, b->llu);
	KUNIT_EXPECT_EQ(test, a->zu, b->zu);
	KUNIT_EXPECT_EQ(test, a->zd, b->zd);
	KUNIT_EXPECT_PTR_EQ(test, a->p, b->p);
	KUNIT_EXPECT_PTR_EQ(test, a->s, b->s);
	KUNIT_EXPECT_EQ(test, a->c, b->c);
}

/*
 * Both probe types on one name, in both registration orders: the fast
 * probe's slots and the va_list probe's va_arg() give the same values.
 */
static void marker_test_conversions_both_types(struct kunit *test)
{
	struct conv_values *fast, *va;
	int cookie, order;

	fast = kunit_kzalloc(test, sizeof(*fast), GFP_KERNEL);
	va = kunit_kzalloc(test, sizeof(*va), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, fast);
	KUNIT_ASSERT_NOT_NULL(test, va);
	for (order = 0; order < 2; order++) {
		memset(fast, 0, sizeof(*fast));
		memset(va, 0, sizeof(*va));
		if (order)
			KUNIT_ASSERT_EQ(test, 0,
					marker_probe_register("marker_kunit_conv",
							      CONV_FMT,
							      conv_probe, va));
		KUNIT_ASSERT_EQ(test, 0,
				marker_fast_probe_register("marker_kunit_conv",
							   CONV_FMT,
							   conv_fast_probe,
							   fast));
		if (!order)
			KUNIT_ASSERT_EQ(test, 0,
					marker_probe_register("marker_kunit_conv",
							      CONV_FMT,
							      conv_probe, va));
		KUNIT_ASSERT_EQ(test, 0, marker_arm("marker_kunit_conv"));
		fire_conversions(&cookie);
		KUNIT_EXPECT_EQ(test, 0, marker_disarm("marker_kunit_conv"));
		KUNIT_EXPECT_EQ(test, 0,
				marker_fast_probe_unregister("marker_kunit_conv",
							     conv_fast_probe,
							     fast));
		KUNIT_EXPECT_EQ(test, 0,
				marker_probe_unregister("marker_kunit_conv",
							conv_probe, va));
		KUNIT_EXPECT_EQ(test, -5, fast->d);
		KUNIT_EXPECT_EQ(test, -5000000000LL, fast->lld);
		KUNIT_EXPECT_PTR_EQ(test, (void *)&cookie, fast->p);
		KUNIT_EXPECT_STREQ(test, "text", fast->s);
		expect_same_conv(test, fast, va);
	}
}

/*
 * Arguments of types printf promotes: char, short, bool, a bit-field, an
 * enum, an array and a function.  Each reaches both probe types as the
 * value the conversion reads.
 */
struct promo_bits {
	unsigned int flag:1;
	int small:4;
};

enum promo_enum { PROMO_A = 3, PROMO_B = -2 };

#define PROMO_FMT "c %d s %hd uc %u b %d bit %u sbit %d e %d a %s f %ps"
#define PROMO_NR 9

static void promo_fast_probe(void *probe_private, void *call_private,
			     const char *fmt, const u64 *args)
{
	u64 *v = probe_private;
	int i;

	for (i = 0; i < PROMO_NR - 2; i++)
		v[i] = (u64)(long)(int)args[i];
	/* The array is the caller's: compare its text here. */
	v[PROMO_NR - 2] = !strcmp((const char *)(unsigned long)args[PROMO_NR - 2],
				  "arr");
	v[PROMO_NR - 1] = args[PROMO_NR - 1];
}

static void promo_va_probe(void *probe_private, void *call_private,
			   const char *fmt, va_list *args)
{
	u64 *v = probe_private;
	int i;

	for (i = 0; i < PROMO_NR - 2; i++)
		v[i] = (u64)(long)va_arg(*args, int);
	v[PROMO_NR - 2] = !strcmp(va_arg(*args, const char *), "arr");
	v[PROMO_NR - 1] = (unsigned long)va_arg(*args, void *);
}

static noinline void fire_promotions(void)
{
	struct promo_bits bits = { .flag = 1, .small = -3 };
	char arr[8] = "arr";
	signed char c = -7;
	short sh = -300;
	unsigned char uc = 200;
	bool b = true;
	enum promo_enum e = PROMO_B;

	trace_mark(marker_kunit_promo, PROMO_FMT, c, sh, uc, b, bits.flag,
		   bits.small, e, arr, fire_promotions);
}

static void marker_test_promotions_both_types(struct kunit *test)
{
	u64 *fast = kunit_kcalloc(test, PROMO_NR, sizeof(u64), GFP_KERNEL);
	u64 *va = kunit_kcalloc(test, PROMO_NR, sizeof(u64), GFP_KERNEL);
	static const long want[] = { -7, -300, 200, 1, 1, -3, PROMO_B };
	int i;

	KUNIT_ASSERT_NOT_NULL(test, fast);
	KUNIT_ASSERT_NOT_NULL(test, va);
	KUNIT_ASSERT_EQ(test, 0,
			marker_fast_probe_register("marker_kunit_promo", NULL,
						   promo_fast_probe, fast));
	KUNIT_ASSERT_EQ(test, 0,
			marker_probe_register("marker_kunit_promo", NULL,
					      promo_va_probe, va));
	KUNIT_ASSERT_EQ(test, 0, marker_arm("marker_kunit_promo"));
	fire_promotions();
	KUNIT_EXPECT_EQ(test, 0, marker_disarm("marker_kunit_promo"));
	KUNIT_EXPECT_EQ(test, 0,
			marker_fast_probe_unregister("marker_kunit_promo",
						     promo_fast_probe, fast));
	KUNIT_EXPECT_EQ(test, 0,
			marker_probe_unregister("marker_kunit_promo",
						promo_va_probe, va));
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		KUNIT_EXPECT_EQ_MSG(test, (long)fast[i], want[i], "arg %d", i);
		KUNIT_EXPECT_EQ_MSG(test, fast[i], va[i], "arg %d", i);
	}
	KUNIT_EXPECT_EQ(test, 1ULL, fast[PROMO_NR - 2]);
	KUNIT_EXPECT_EQ(test, 1ULL, va[PROMO_NR - 2]);
	KUNIT_EXPECT_EQ(test, (u64)(unsigned long)fire_promotions,
			fast[PROMO_NR - 1]);
	KUNIT_EXPECT_EQ(test, fast[PROMO_NR - 1], va[PROMO_NR - 1]);
}

/*
 * The two trace_mark() sites of marker_kunit_multi, in one module, share
 * one static key; each armed site holds one reference on it.
 */
static int instance_keys(const struct marker_info *info, void *data)
{
	const struct marker *m = info->instances;
	struct static_key_false **keys = data;

	keys[0] = m ? m->key : NULL;
	keys[1] = m && m->next ? m->next->key : NULL;
	return 0;
}

static void marker_test_shared_key(struct kunit *test)
{
	struct static_key_false *keys[2];
	struct probe_ctx ctx = {};

	KUNIT_ASSERT_EQ(test, 0,
			marker_query("marker_kunit_multi", instance_keys, keys));
	KUNIT_ASSERT_NOT_NULL(test, keys[0]);
	KUNIT_EXPECT_PTR_EQ(test, keys[0], keys[1]);
	KUNIT_EXPECT_EQ(test, 0, static_key_count(&keys[0]->key));

	KUNIT_ASSERT_EQ(test, 0,
			marker_fast_probe_register("marker_kunit_multi", NULL,
						   fast_int_probe, &ctx));
	KUNIT_ASSERT_EQ(test, 0, marker_arm("marker_kunit_multi"));
	KUNIT_EXPECT_EQ(test, 2, static_key_count(&keys[0]->key));
	fire_multi();
	KUNIT_EXPECT_EQ(test, 2, atomic_read(&ctx.calls));
	KUNIT_EXPECT_EQ(test, 2, ctx.value);
	KUNIT_EXPECT_EQ(test, 0, marker_disarm("marker_kunit_multi"));
	KUNIT_EXPECT_EQ(test, 0, static_key_count(&keys[0]->key));
	KUNIT_EXPECT_EQ(test, 0,
			marker_fast_probe_unregister("marker_kunit_multi",
						     fast_int_probe, &ctx));
}

/*
 * Many sites of one name loaded at once (a module's) update the name
 * once, not once per site; unloading them likewise.
 */
#define BATCH_SITES 64

static void marker_test_batched_load(struct kunit *test)
{
	static const struct static_key_false key_init = STATIC_KEY_FALSE_INIT;
	struct static_key_false *keys;
	struct marker **ptrs;
	struct probe_ctx ctx = {};
	struct marker_info info;
	struct marker *sites;
	unsigned long before;
	int i;

	sites = kunit_kcalloc(test, BATCH_SITES, sizeof(*sites), GFP_KERNEL);
	ptrs = kunit_kcalloc(test, BATCH_SITES, sizeof(*ptrs), GFP_KERNEL);
	keys = kunit_kcalloc(test, BATCH_SITES, sizeof(*keys), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, sites);
	KUNIT_ASSERT_NOT_NULL(test, ptrs);
	KUNIT_ASSERT_NOT_NULL(test, keys);
	for (i = 0; i < BATCH_SITES; i++) {
		keys[i] = key_init;
		sites[i].name = "marker_kunit_batch";
		sites[i].format = "value %d";
		sites[i].key = &keys[i];
		sites[i].owner = THIS_MODULE;
		ptrs[i] = &sites[i];
	}
	KUNIT_ASSERT_EQ(test, 0,
			marker_fast_probe_register("marker_kunit_batch", NULL,
						   fast_int_probe, &ctx));
	KUNIT_ASSERT_EQ(test, 0, marker_arm("marker_kunit_batch"));

	before = marker_entry_updates;
	KUNIT_ASSERT_EQ(test, 0, marker_load_sites(ptrs, ptrs + BATCH_SITES));
	KUNIT_EXPECT_EQ(test, 1UL, marker_entry_updates - before);
	KUNIT_ASSERT_EQ(test, 0, query("marker_kunit_batch", &info));
	KUNIT_EXPECT_EQ(test, BATCH_SITES, info.nr_instances);
	KUNIT_EXPECT_TRUE(test, info.active);
	for (i = 0; i < BATCH_SITES; i++)
		KUNIT_EXPECT_TRUE(test, static_key_enabled(&keys[i]));

	before = marker_entry_updates;
	marker_unload_sites(ptrs, ptrs + BATCH_SITES, NULL);
	KUNIT_EXPECT_EQ(test, 1UL, marker_entry_updates - before);
	for (i = 0; i < BATCH_SITES; i++)
		KUNIT_EXPECT_FALSE(test, static_key_enabled(&keys[i]));

	KUNIT_EXPECT_EQ(test, 0, marker_disarm("marker_kunit_batch"));
	KUNIT_EXPECT_EQ(test, 0,
			marker_fast_probe_unregister("marker_kunit_batch",
						     fast_int_probe, &ctx));
	KUNIT_EXPECT_EQ(test, -ENOENT, query("marker_kunit_batch", &info));
}

/*
 * The built-in counter: connected alone, a hit counts in marker_hit<N>()
 * without calling a probe; an armed site evaluates its arguments once per
 * hit, with or without probes to call.  Its hits are reported with the
 * probe and reset by marker_counter_reset().
 */
static int counter_hits(const struct marker_probe_info *p, void *data)
{
	if (p->func == marker_counter_probe)
		*(u64 *)data = p->hits;
	return 0;
}

static int lazy_counter_hits(u64 *hits)
{
	return marker_walk_probes("marker_kunit_lazy", counter_hits, hits);
}

static void marker_test_counter_no_call(struct kunit *test)
{
	int effects = atomic_read(&side_effects);
	struct probe_ctx ctx = {};
	u64 hits = ~0ULL;
	int i;

	KUNIT_ASSERT_EQ(test, 0,
			marker_probe_register("marker_kunit_lazy", NULL,
					      marker_counter_probe, NULL));
	/* One counter per name. */
	KUNIT_EXPECT_EQ(test, -EBUSY,
			marker_probe_register("marker_kunit_lazy", NULL,
					      marker_counter_probe, &ctx));
	KUNIT_ASSERT_EQ(test, 0, marker_arm("marker_kunit_lazy"));
	for (i = 0; i < 5; i++)
		fire_lazy();
	KUNIT_EXPECT_EQ(test, effects + 5, atomic_read(&side_effects));
	KUNIT_ASSERT_EQ(test, 0, lazy_counter_hits(&hits));
	KUNIT_EXPECT_EQ(test, 5ULL, hits);

	/* With a probe to call too, still once. */
	KUNIT_ASSERT_EQ(test, 0,
			marker_fast_probe_register("marker_kunit_lazy", NULL,
						   fast_int_probe, &ctx));
	fire_lazy();
	KUNIT_EXPECT_EQ(test, effects + 6, atomic_read(&side_effects));
	KUNIT_EXPECT_EQ(test, 1, atomic_read(&ctx.calls));
	KUNIT_EXPECT_EQ(test, 42, ctx.value);
	KUNIT_ASSERT_EQ(test, 0, lazy_counter_hits(&hits));
	KUNIT_EXPECT_EQ(test, 6ULL, hits);

	KUNIT_EXPECT_EQ(test, 0, marker_counter_reset("marker_kunit_lazy"));
	KUNIT_ASSERT_EQ(test, 0, lazy_counter_hits(&hits));
	KUNIT_EXPECT_EQ(test, 0ULL, hits);

	/* Disarmed: nothing evaluated. */
	KUNIT_EXPECT_EQ(test, 0, marker_disarm("marker_kunit_lazy"));
	fire_lazy();
	KUNIT_EXPECT_EQ(test, effects + 6, atomic_read(&side_effects));
	KUNIT_EXPECT_EQ(test, 0,
			marker_fast_probe_unregister("marker_kunit_lazy",
						     fast_int_probe, &ctx));
	KUNIT_EXPECT_EQ(test, 0,
			marker_probe_unregister("marker_kunit_lazy",
						marker_counter_probe, NULL));
	KUNIT_EXPECT_EQ(test, -ENOENT,
			marker_counter_reset("marker_kunit_lazy"));
	KUNIT_EXPECT_EQ(test, 1, atomic_read(&ctx.calls));
}

/*
 * A probe that fires another marker: the nested hit has its own
 * arguments (on marker_hit<N>()'s stack), and the outer hit's later
 * probes, fast and va_list, still read the outer arguments.
 */
static noinline void fire_nest_inner(int v)
{
	trace_mark(marker_kunit_nest_in, "value %d", v);
}

static noinline void fire_nest_outer(int v)
{
	trace_mark(marker_kunit_nest_out, "value %d", v);
}

static void nest_probe(void *probe_private, void *call_private,
		       const char *fmt, const u64 *args)
{
	fire_nest_inner(1000 + (int)args[0]);
}

static void marker_test_nested_hit(struct kunit *test)
{
	struct probe_ctx in = {}, out = {}, va = {};

	KUNIT_ASSERT_EQ(test, 0,
			marker_fast_probe_register("marker_kunit_nest_in", NULL,
						   fast_int_probe, &in));
	KUNIT_ASSERT_EQ(test, 0,
			marker_fast_probe_register("marker_kunit_nest_out",
						   NULL, nest_probe, NULL));
	KUNIT_ASSERT_EQ(test, 0,
			marker_fast_probe_register("marker_kunit_nest_out",
						   NULL, fast_int_probe, &out));
	KUNIT_ASSERT_EQ(test, 0,
			marker_probe_register("marker_kunit_nest_out", NULL,
					      int_probe, &va));
	KUNIT_ASSERT_EQ(test, 0, marker_arm("marker_kunit_nest_in"));
	KUNIT_ASSERT_EQ(test, 0, marker_arm("marker_kunit_nest_out"));

	fire_nest_outer(7);
	KUNIT_EXPECT_EQ(test, 1, atomic_read(&in.calls));
	KUNIT_EXPECT_EQ(test, 1007, in.value);
	KUNIT_EXPECT_EQ(test, 1, atomic_read(&out.calls));
	KUNIT_EXPECT_EQ(test, 7, out.value);
	KUNIT_EXPECT_EQ(test, 1, atomic_read(&va.calls));
	KUNIT_EXPECT_EQ(test, 7, va.value);

	KUNIT_EXPECT_EQ(test, 0, marker_disarm("marker_kunit_nest_out"));
	KUNIT_EXPECT_EQ(test, 0, marker_disarm("marker_kunit_nest_in"));
	KUNIT_EXPECT_EQ(test, 0,
			marker_probe_unregister("marker_kunit_nest_out",
						int_probe, &va));
	KUNIT_EXPECT_EQ(test, 0,
			marker_fast_probe_unregister("marker_kunit_nest_out",
						     fast_int_probe, &out));
	KUNIT_EXPECT_EQ(test, 0,
			marker_fast_probe_unregister("marker_kunit_nest_out",
						     nest_probe, NULL));
	KUNIT_EXPECT_EQ(test, 0,
			marker_fast_probe_unregister("marker_kunit_nest_in",
						     fast_int_probe, &in));
}

/* A probe disconnected and waited for is never called again. */
static atomic_t sync_calls;
static bool sync_stop;

static void sync_probe(void *probe_private, void *call_private,
		       const char *fmt, va_list *args)
{
	atomic_inc(&sync_calls);
	/* Stay inside the probe a little, to be caught in the act. */
	udelay(2);
}

static int sync_firer(void *unused)
{
	while (!READ_ONCE(sync_stop)) {
		trace_mark(marker_kunit_sync, "value %d", 1);
		cond_resched();
	}
	return 0;
}

static void marker_test_synchronize(struct kunit *test)
{
	struct task_struct *t;
	int before, after, i;

	atomic_set(&sync_calls, 0);
	WRITE_ONCE(sync_stop, false);
	KUNIT_ASSERT_EQ(test, 0, marker_probe_register("marker_kunit_sync",
						       NULL, sync_probe, NULL));
	KUNIT_ASSERT_EQ(test, 0, marker_arm("marker_kunit_sync"));
	t = kthread_run(sync_firer, NULL, "marker_kunit_sync");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	for (i = 0; i < 1000 && atomic_read(&sync_calls) < 100; i++)
		usleep_range(1000, 2000);
	KUNIT_EXPECT_GE(test, atomic_read(&sync_calls), 100);

	KUNIT_EXPECT_EQ(test, 0, marker_probe_unregister("marker_kunit_sync",
							 sync_probe, NULL));
	marker_synchronize_unregister();
	before = atomic_read(&sync_calls);
	msleep(20);
	after = atomic_read(&sync_calls);
	WRITE_ONCE(sync_stop, true);
	kthread_stop(t);
	KUNIT_EXPECT_EQ(test, before, after);
	KUNIT_EXPECT_EQ(test, 0, marker_disarm("marker_kunit_sync"));
}

/* At most MARKER_PROBES_MAX probes per name: removal never allocates big. */
static void marker_test_probes_max(struct kunit *test)
{
	struct probe_ctx *ctx;
	int i;

	ctx = kunit_kcalloc(test, MARKER_PROBES_MAX + 1, sizeof(*ctx),
			    GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx);
	for (i = 0; i < MARKER_PROBES_MAX; i++)
		KUNIT_ASSERT_EQ(test, 0,
				marker_probe_register("marker_kunit_basic",
						      NULL, int_probe,
						      &ctx[i]));
	KUNIT_EXPECT_EQ(test, -ENOSPC,
			marker_probe_register("marker_kunit_basic", NULL,
					      int_probe,
					      &ctx[MARKER_PROBES_MAX]));
	KUNIT_ASSERT_EQ(test, 0, marker_arm("marker_kunit_basic"));
	fire_basic(5);
	KUNIT_EXPECT_EQ(test, 0, marker_disarm("marker_kunit_basic"));
	for (i = 0; i < MARKER_PROBES_MAX; i++) {
		KUNIT_EXPECT_EQ(test, 1, atomic_read(&ctx[i].calls));
		KUNIT_EXPECT_EQ(test, 0,
				marker_probe_unregister("marker_kunit_basic",
							int_probe, &ctx[i]));
	}
	KUNIT_EXPECT_EQ(test, 0, atomic_read(&ctx[MARKER_PROBES_MAX].calls));
}

/*
 * A holder's arm (the enable file's) is its own: kernel code disarming
 * more than it armed gets -EINVAL and leaves the holder's arm in place.
 * Before marker_hold(), the interface's arm was one more marker_arm() and
 * the second marker_disarm() below took it away.
 */
static void marker_test_holder_survives_disarm(struct kunit *test)
{
	struct probe_ctx ctx = {};
	struct marker_info info;

	KUNIT_ASSERT_EQ(test, 0, marker_probe_register("marker_kunit_basic",
						       NULL, int_probe, &ctx));
	KUNIT_ASSERT_EQ(test, 0, marker_arm("marker_kunit_basic"));
	KUNIT_ASSERT_EQ(test, 0, marker_hold("marker_kunit_basic",
					     MARKER_HOLD_CONTROL, true));
	/* Taking it twice changes nothing. */
	KUNIT_EXPECT_EQ(test, 0, marker_hold("marker_kunit_basic",
					     MARKER_HOLD_CONTROL, true));
	KUNIT_ASSERT_EQ(test, 0, query("marker_kunit_basic", &info));
	KUNIT_EXPECT_EQ(test, 2U, info.arms);

	KUNIT_EXPECT_EQ(test, 0, marker_disarm("marker_kunit_basic"));
	KUNIT_EXPECT_EQ(test, -EINVAL, marker_disarm("marker_kunit_basic"));
	KUNIT_ASSERT_EQ(test, 0, query("marker_kunit_basic", &info));
	KUNIT_EXPECT_EQ(test, 1U, info.arms);
	KUNIT_EXPECT_TRUE(test, info.active);
	fire_basic(9);
	KUNIT_EXPECT_EQ(test, 1, atomic_read(&ctx.calls));
	KUNIT_EXPECT_EQ(test, 9, ctx.value);

	KUNIT_EXPECT_EQ(test, 0, marker_hold("marker_kunit_basic",
					     MARKER_HOLD_CONTROL, false));
	KUNIT_EXPECT_EQ(test, -EINVAL, marker_hold("marker_kunit_basic",
						   MARKER_HOLD_CONTROL, false));
	KUNIT_ASSERT_EQ(test, 0, query("marker_kunit_basic", &info));
	KUNIT_EXPECT_EQ(test, 0U, info.arms);
	KUNIT_EXPECT_FALSE(test, info.active);
	KUNIT_EXPECT_EQ(test, 0, marker_probe_unregister("marker_kunit_basic",
							 int_probe, &ctx));
}

#ifdef CONFIG_TRACEPOINTS
/* A tracepoint that refuses its first probe while told to. */
static bool marker_kunit_tp_refuse;

static int marker_kunit_tp_reg(void)
{
	return READ_ONCE(marker_kunit_tp_refuse) ? -EIO : 0;
}

DECLARE_TRACE(marker_kunit_tp, TP_PROTO(int v), TP_ARGS(v));
DEFINE_TRACE_FN(marker_kunit_tp, marker_kunit_tp_reg, NULL,
		TP_PROTO(int v), TP_ARGS(v));

static void marker_kunit_tp_probe(void *data, int v);

DEFINE_MARKER_TP(marker_kunit_tpm, marker_kunit_tp, marker_kunit_tp_probe,
		 "value %d");

static void marker_kunit_tp_probe(void *data, int v)
{
	marker_call(marker_kunit_tpm, NULL, v);
}

/* A name with a plain instance beside its DEFINE_MARKER_TP() one. */
static void marker_kunit_tps_probe(void *data, int v);

DEFINE_MARKER_TP(marker_kunit_tps, marker_kunit_tp, marker_kunit_tps_probe,
		 "value %d");

static void marker_kunit_tps_probe(void *data, int v)
{
	marker_call(marker_kunit_tps, NULL, v);
}

static noinline void fire_tps(int v)
{
	trace_mark(marker_kunit_tps, "value %d", v);
}

/*
 * The name is armed; connecting a probe gives it to the plain site, then
 * the tracepoint refuses the other instance and the registration is
 * undone.  The probe may have run on another CPU meanwhile: the error
 * must come after a grace period, so that the caller can free what the
 * probe uses at once.
 */
static void marker_test_tp_refused_sync(struct kunit *test)
{
	struct probe_ctx ctx = {};
	unsigned long cookie;

	fire_tps(0);
	KUNIT_ASSERT_EQ(test, 0, marker_arm("marker_kunit_tps"));
	WRITE_ONCE(marker_kunit_tp_refuse, true);
	cookie = get_state_synchronize_rcu();
	KUNIT_EXPECT_EQ(test, -EIO,
			marker_probe_register("marker_kunit_tps", NULL,
					      int_probe, &ctx));
	KUNIT_EXPECT_TRUE_MSG(test, poll_state_synchronize_rcu(cookie),
			      "returned the error without a grace period");
	WRITE_ONCE(marker_kunit_tp_refuse, false);
	KUNIT_EXPECT_EQ(test, 0, marker_disarm("marker_kunit_tps"));
}

/*
 * The tracepoint refuses the marker's probe (its regfunc fails).
 * marker_arm() says so and takes no arm, and so does a probe connecting
 * to an armed name; once the tracepoint accepts, arming works.
 */
static void marker_test_tp_refused(struct kunit *test)
{
	struct probe_ctx ctx = {}, other = {};
	struct marker_info info;

	WRITE_ONCE(marker_kunit_tp_refuse, true);
	KUNIT_ASSERT_EQ(test, 0, marker_probe_register("marker_kunit_tpm",
						       NULL, int_probe, &ctx));
	KUNIT_EXPECT_EQ(test, -EIO, marker_arm("marker_kunit_tpm"));
	KUNIT_ASSERT_EQ(test, 0, query("marker_kunit_tpm", &info));
	KUNIT_EXPECT_EQ(test, 0U, info.arms);
	KUNIT_EXPECT_FALSE(test, info.active);
	KUNIT_EXPECT_EQ(test, -EINVAL, marker_disarm("marker_kunit_tpm"));

	/* Armed without a probe, the tracepoint is not asked yet ... */
	KUNIT_EXPECT_EQ(test, 0, marker_probe_unregister("marker_kunit_tpm",
							 int_probe, &ctx));
	KUNIT_ASSERT_EQ(test, 0, marker_arm("marker_kunit_tpm"));
	/* ... but the first probe's connection is refused, and undone. */
	KUNIT_EXPECT_EQ(test, -EIO,
			marker_probe_register("marker_kunit_tpm", NULL,
					      int_probe, &other));
	KUNIT_ASSERT_EQ(test, 0, query("marker_kunit_tpm", &info));
	KUNIT_EXPECT_EQ(test, 0U, info.nr_probes);
	KUNIT_EXPECT_FALSE(test, info.active);
	KUNIT_EXPECT_EQ(test, 0, marker_disarm("marker_kunit_tpm"));

	WRITE_ONCE(marker_kunit_tp_refuse, false);
	KUNIT_ASSERT_EQ(test, 0, marker_probe_register("marker_kunit_tpm",
						       NULL, int_probe, &ctx));
	KUNIT_ASSERT_EQ(test, 0, marker_arm("marker_kunit_tpm"));
	trace_marker_kunit_tp(7);
	KUNIT_EXPECT_EQ(test, 1, atomic_read(&ctx.calls));
	KUNIT_EXPECT_EQ(test, 7, ctx.value);
	KUNIT_EXPECT_EQ(test, 0, marker_disarm("marker_kunit_tpm"));
	trace_marker_kunit_tp(8);
	KUNIT_EXPECT_EQ(test, 1, atomic_read(&ctx.calls));
	KUNIT_EXPECT_EQ(test, 0, marker_probe_unregister("marker_kunit_tpm",
							 int_probe, &ctx));
	marker_synchronize_unregister();
}
#else
static void marker_test_tp_refused(struct kunit *test)
{
	kunit_skip(test, "needs CONFIG_TRACEPOINTS");
}

static void marker_test_tp_refused_sync(struct kunit *test)
{
	kunit_skip(test, "needs CONFIG_TRACEPOINTS");
}
#endif

#if IS_ENABLED(CONFIG_MARKERS_TRACE_EVENTS)
/* The field table of a marker's trace event, conversion by conversion. */
struct field_case {
	const char *fmt;
	unsigned int size;		/* of the record without strings */
	const char *print_fmt;
	const char *fields;		/* "name:type:offset:size:signed ..." */
};

static const struct field_case field_cases[] = {
	{ "myint %d mystring %s", 16,
	  "\"myint=%d mystring=%s\", REC->myint, __get_str(mystring)",
	  "myint:int:8:4:1 mystring:__data_loc char[]:12:4:0" },
	{ MARK_NOARGS, 8, "\" \"", "" },
	{ "c %c h %hd hh %hhu l %ld", 24,
	  "\"c=%c h=%hd hh=%hhu l=%ld\", REC->c, REC->h, REC->hh, REC->l",
	  "c:char:8:1:0 h:s16:10:2:1 hh:u8:12:1:0 l:long:16:8:1" },
	{ "ll %llx z %zu t %td p %p", 40,
	  "\"ll=%llx z=%zu t=%td p=%p\", REC->ll, REC->z, REC->t, REC->p",
	  "ll:u64:8:8:0 z:unsigned long:16:8:0 t:long:24:8:1 p:unsigned long:32:8:0" },
	/*
	 * No word, a repeated word, a reserved prefix: arg<N>; the text
	 * stays as it is.
	 */
	{ "%d %u", 16, "\"arg1=%d arg2=%u\", REC->arg1, REC->arg2",
	  "arg1:int:8:4:1 arg2:unsigned int:12:4:0" },
	{ "x=%d x:%u common_pid %i", 20,
	  "\"x=%d x:arg2=%u common_pid arg3=%i\", REC->x, REC->arg2, REC->arg3",
	  "x:int:8:4:1 arg2:unsigned int:12:4:0 arg3:int:16:4:1" },
	/* Literal text and "%%" stay, flags and width too; %pS is kept. */
	{ "ratio %d%% (%08x) sym %pS", 24,
	  "\"ratio=%d%% (arg2=%08x) sym=%pS\", REC->ratio, REC->arg2, REC->sym",
	  "ratio:int:8:4:1 arg2:unsigned int:12:4:0 sym:unsigned long:16:8:0" },
	/*
	 * printk habits: the trailing newline goes (`trace` ends the line),
	 * other control characters become spaces, and '"' and '\' are
	 * escaped for the C string literal libtraceevent reads.
	 */
	{ "val %d\n", 12, "\"val=%d\", REC->val", "val:int:8:4:1" },
	{ "say \"%s\" in \\dir\tnow\r\n", 12,
	  "\"say \\\"arg1=%s\\\" in \\\\dir now\", __get_str(arg1)",
	  "arg1:__data_loc char[]:8:4:0" },
	/*
	 * A precision on %s makes a char array with room for the NUL, as
	 * a TRACE_EVENT()'s __array(char, comm, TASK_COMM_LEN); arrays are
	 * byte-aligned.  Beyond MARKER_FIELD_FIXED_MAX, or with a width
	 * only, it is a __data_loc string again.
	 */
	{ "comm %.15s pid %d", 28, "\"comm=%s pid=%d\", REC->comm, REC->pid",
	  "comm:char[16]:8:16:0 pid:int:24:4:1" },
	{ "b %.128s w %10s", 16, "\"b=%.128s w=%10s\", __get_str(b), __get_str(w)",
	  "b:__data_loc char[]:8:4:0 w:__data_loc char[]:12:4:0" },
	{ "c %c s %.2s i %d", 16,
	  "\"c=%c s=%s i=%d\", REC->c, REC->s, REC->i",
	  "c:char:8:1:0 s:char[3]:9:3:0 i:int:12:4:1" },
	/* Natural alignment. */
	{ "a %hhd b %lld c %s", 28,
	  "\"a=%hhd b=%lld c=%s\", REC->a, REC->b, __get_str(c)",
	  "a:s8:8:1:1 b:s64:16:8:1 c:__data_loc char[]:24:4:0" },
};

static void marker_test_event_fields(struct kunit *test)
{
	int i, j;

	for (i = 0; i < ARRAY_SIZE(field_cases); i++) {
		const struct field_case *c = &field_cases[i];
		struct marker_event_fields *t = marker_event_parse(c->fmt);
		char *desc, *cur;

		KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(t), "%s", c->fmt);
		KUNIT_EXPECT_EQ_MSG(test, c->size, t->size, "%s", c->fmt);
		KUNIT_EXPECT_STREQ(test, c->print_fmt, t->print_fmt);
		/* The table keeps the format it was made from. */
		KUNIT_EXPECT_STREQ(test, c->fmt, t->format);
		desc = kunit_kzalloc(test, 512, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, desc);
		for (j = 0, cur = desc; j < t->nr; j++) {
			const struct marker_field *f = &t->fields[j];

			cur += scnprintf(cur, 512 - (cur - desc),
					 "%s%s:%s:%u:%u:%d", j ? " " : "",
					 f->name, marker_field_type(t, f),
					 f->offset, f->size, f->is_signed);
		}
		KUNIT_EXPECT_STREQ_MSG(test, c->fields, desc, "%s", c->fmt);
		/* Recorded with one store per field unless it has a string. */
		KUNIT_EXPECT_EQ_MSG(test, !strstr(c->fields, "char["), t->plain,
				    "%s", c->fmt);
		marker_event_fields_free(t);
	}
}

/* What the tracefs output prints for each field, and after the last. */
static void marker_test_event_text(struct kunit *test)
{
	struct marker_event_fields *t;

	t = marker_event_parse("ratio %d%% (%08x) s %-5s c %c sym %pS p %p!");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	KUNIT_ASSERT_EQ(test, 6U, t->nr);
	KUNIT_EXPECT_STREQ(test, "ratio=%lld", t->text + t->fields[0].print);
	KUNIT_EXPECT_STREQ(test, "%% (arg2=%08llx", t->text + t->fields[1].print);
	KUNIT_EXPECT_STREQ(test, ") s=%-5s", t->text + t->fields[2].print);
	KUNIT_EXPECT_STREQ(test, " c=%c", t->text + t->fields[3].print);
	KUNIT_EXPECT_STREQ(test, " sym=%pS", t->text + t->fields[4].print);
	/* %p as the kernel prints it: hashed, or not with hash-ptr off. */
	KUNIT_EXPECT_STREQ(test, " p=%p", t->text + t->fields[5].print);
	KUNIT_EXPECT_STREQ(test, "!", t->text + t->tail);
	marker_event_fields_free(t);

	/* No escapes here (a printf format), no control characters. */
	t = marker_event_parse("say \"%s\"\tin \\dir\n\n");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	KUNIT_EXPECT_STREQ(test, "say \"arg1=%s", t->text + t->fields[0].print);
	KUNIT_EXPECT_STREQ(test, "\" in \\dir", t->text + t->tail);
	marker_event_fields_free(t);

	/* A char array prints whole: it holds what the precision allowed. */
	t = marker_event_parse("comm %.15s!");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	KUNIT_EXPECT_STREQ(test, "comm=%s", t->text + t->fields[0].print);
	KUNIT_EXPECT_STREQ(test, "!", t->text + t->tail);
	marker_event_fields_free(t);
}

/* A field's value as a record holds it: the low @size bytes of its slot. */
static u64 marker_test_field_value(const void *p, unsigned int size)
{
	if (size == sizeof(u64))
		return get_unaligned((const u64 *)p);
	if (size == sizeof(u32))
		return get_unaligned((const u32 *)p);
	if (size == sizeof(u16))
		return get_unaligned((const u16 *)p);
	return *(const u8 *)p;
}

/*
 * What the probes write: each field holds the low bytes of its slot, and
 * nothing is written before the first field or past the record, whether
 * the fields are stored whole (the leading @nr_wide of a plain table) or
 * by their size.
 */
static void marker_test_event_fill(struct kunit *test)
{
	static const struct {
		const char *fmt;
		unsigned int wide;
	} cases[] = {
		{ "a %d b %lu", 2 },
		{ "x %d", 0 },			/* 8 bytes at 8 pass 12 */
		{ "a %lu b %d", 1 },
		{ "c %c h %hd i %d l %lld", 4 },
		{ "p %p u %hhu", 1 },
		{ "u %hhu v %hhu w %hu", 0 },
		{ "c %c s %.2s i %d", 0 },	/* a string: not plain */
	};
	const unsigned int guard = 16;
	u64 args[MARKER_EVENT_FIELDS_MAX];
	int i, j;

	for (j = 0; j < ARRAY_SIZE(args); j++)
		args[j] = 0xf1e2d3c4b5a69788ULL + j * 0x0101010101010101ULL;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct marker_event_fields *t = marker_event_parse(cases[i].fmt);
		unsigned int wide = cases[i].wide;
		u8 *rec;

		KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(t), "%s", cases[i].fmt);
		if (IS_ENABLED(CONFIG_CPU_BIG_ENDIAN))
			wide = 0;
		KUNIT_EXPECT_EQ_MSG(test, wide, t->nr_wide, "%s", cases[i].fmt);
		rec = kunit_kmalloc(test, t->size + guard, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, rec);
		memset(rec, 0x5a, t->size + guard);
		/* The string of the last case points at a text to copy. */
		if (!t->plain)
			args[1] = (unsigned long)"xyz";
		marker_event_fill_test(t, rec, args);
		for (j = 0; j < t->nr; j++) {
			const struct marker_field *f = &t->fields[j];
			u64 mask = f->size == 8 ? ~0ULL : BIT_ULL(f->size * 8) - 1;

			if (f->fixed)
				continue;
			KUNIT_EXPECT_EQ_MSG(test, args[j] & mask,
					    marker_test_field_value(rec + f->offset,
								    f->size),
					    "%s: %s", cases[i].fmt, f->name);
		}
		KUNIT_EXPECT_NULL_MSG(test,
				      memchr_inv(rec, 0x5a,
						 sizeof(struct trace_entry)),
				      "%s: header written", cases[i].fmt);
		KUNIT_EXPECT_NULL_MSG(test, memchr_inv(rec + t->size, 0x5a, guard),
				      "%s: written past the record",
				      cases[i].fmt);
		marker_event_fields_free(t);
	}
}

/* Parse @fmt; free the table at once, return it only as an error code. */
static void *marker_event_parse_free_ok(struct kunit *test, const char *fmt)
{
	struct marker_event_fields *t = marker_event_parse(fmt);

	if (IS_ERR(t))
		return t;
	KUNIT_EXPECT_EQ(test, 16U, t->nr);
	marker_event_fields_free(t);
	return NULL;
}

/* Formats no event can describe: refused, the marker keeps working. */
static void marker_test_event_refused(struct kunit *test)
{
	static const char * const refused[] = {
		"width %*d", "text %.*s", "count %n", "float %f",
		"fmt %pV", "dentry %pd", "wide %ls", "short %hs", "end %",
		"many %d %d %d %d %d %d %d %d %d %d %d %d %d %d %d %d %d",
	};
	static const char sixteen[] = "%d %d %d %d %d %d %d %d %d %d %d %d %d %d %d %d";
	int i;

	for (i = 0; i < ARRAY_SIZE(refused); i++)
		KUNIT_EXPECT_EQ_MSG(test, -EINVAL,
				    PTR_ERR_OR_ZERO(marker_event_parse(refused[i])),
				    "%s", refused[i]);
	/* Sixteen conversions are the most an event takes. */
	KUNIT_EXPECT_NULL(test, marker_event_parse_free_ok(test, sixteen));
}
#else
static void marker_test_event_fields(struct kunit *test)
{
	kunit_skip(test, "needs CONFIG_MARKERS_TRACE_EVENTS");
}

static void marker_test_event_text(struct kunit *test)
{
	kunit_skip(test, "needs CONFIG_MARKERS_TRACE_EVENTS");
}

static void marker_test_event_fill(struct kunit *test)
{
	kunit_skip(test, "needs CONFIG_MARKERS_TRACE_EVENTS");
}

static void marker_test_event_refused(struct kunit *test)
{
	kunit_skip(test, "needs CONFIG_MARKERS_TRACE_EVENTS");
}
#endif

/* The control file's parser: what it accepts, and the errno of the rest. */
static void marker_test_control_parse(struct kunit *test)
{
	static const struct {
		const char *text;
		int ret;
	} bad[] = {
		{ "", -EINVAL }, { ";\n\t;", -EINVAL }, { "frob x", -EINVAL },
		{ "enable", -EINVAL }, { "attach counter", -EINVAL },
		{ "attach nosuch x", -EINVAL }, { "enable x extra", -EINVAL },
		{ "enable x module:a module:b", -EINVAL },
		{ "enable a**b", -EINVAL }, { "enable net-*", -EINVAL },
		{ "enable x module:a/b", -EINVAL }, { "enable x module:", -EINVAL },
		{ "enable x mod:a", -EINVAL }, { "enable x\x01", -EINVAL },
		{ "enable x\x80", -EINVAL }, { "ENABLE x", -EINVAL },
		{ "enable ok; frob y", -EINVAL },
	};
	struct marker_cmd *cmds;
	char *buf;
	int i;

	cmds = kunit_kcalloc(test, 64, sizeof(*cmds), GFP_KERNEL);
	buf = kunit_kzalloc(test, 4096, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, cmds);
	KUNIT_ASSERT_NOT_NULL(test, buf);

	strscpy(buf, "enable subsystem_*", 4096);
	KUNIT_ASSERT_EQ(test, 1, marker_control_parse(buf, cmds, 64));
	KUNIT_EXPECT_EQ(test, MARKER_VERB_ENABLE, cmds[0].verb);
	KUNIT_EXPECT_EQ(test, -1, cmds[0].probe);
	KUNIT_EXPECT_STREQ(test, "subsystem_*", cmds[0].glob);
	KUNIT_EXPECT_STREQ(test, "", cmds[0].module);

	strscpy(buf, " attach\tcounter  sched_?x module:my-mod ;disable a\ndetach printk b;\n",
		4096);
	KUNIT_ASSERT_EQ(test, 3, marker_control_parse(buf, cmds, 64));
	KUNIT_EXPECT_EQ(test, MARKER_VERB_ATTACH, cmds[0].verb);
	KUNIT_EXPECT_EQ(test, MARKER_BUILTIN_COUNTER, cmds[0].probe);
	KUNIT_EXPECT_STREQ(test, "sched_?x", cmds[0].glob);
	KUNIT_EXPECT_STREQ(test, "my_mod", cmds[0].module);
	KUNIT_EXPECT_EQ(test, MARKER_VERB_DISABLE, cmds[1].verb);
	KUNIT_EXPECT_STREQ(test, "a", cmds[1].glob);
	KUNIT_EXPECT_EQ(test, MARKER_VERB_DETACH, cmds[2].verb);
	KUNIT_EXPECT_EQ(test, MARKER_BUILTIN_PRINTK, cmds[2].probe);

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		strscpy(buf, bad[i].text, 4096);
		KUNIT_EXPECT_EQ_MSG(test, bad[i].ret,
				    marker_control_parse(buf, cmds, 64),
				    "\"%s\"", bad[i].text);
	}

	/* A glob one longer than a name, a module name too long. */
	memset(buf, 0, 4096);
	strscpy(buf, "enable ", 4096);
	memset(buf + 7, 'a', MARKER_NAME_MAX + 1);
	KUNIT_EXPECT_EQ(test, -ENAMETOOLONG, marker_control_parse(buf, cmds, 64));
	memset(buf, 0, 4096);
	strscpy(buf, "enable x module:", 4096);
	memset(buf + 16, 'm', MODULE_NAME_LEN);
	KUNIT_EXPECT_EQ(test, -ENAMETOOLONG, marker_control_parse(buf, cmds, 64));
	/* 65 commands where 64 fit. */
	memset(buf, 0, 4096);
	for (i = 0; i < 65; i++)
		strcat(buf, "enable a;");
	KUNIT_EXPECT_EQ(test, -E2BIG, marker_control_parse(buf, cmds, 64));
}

static struct kunit_case marker_test_cases[] = {
	KUNIT_CASE(marker_test_register_unregister),
	KUNIT_CASE(marker_test_fires_only_armed),
	KUNIT_CASE(marker_test_probe_order),
	KUNIT_CASE(marker_test_duplicate_busy),
	KUNIT_CASE(marker_test_unknown_enoent),
	KUNIT_CASE(marker_test_bad_names),
	KUNIT_CASE(marker_test_format_mismatch),
	KUNIT_CASE(marker_test_arm_counting),
	KUNIT_CASE(marker_test_pending_arm),
	KUNIT_CASE(marker_test_probe_before_marker),
	KUNIT_CASE(marker_test_instance_conflict),
	KUNIT_CASE(marker_test_probe_format_first),
	KUNIT_CASE(marker_test_noargs),
	KUNIT_CASE(marker_test_call_private),
	KUNIT_CASE(marker_test_lazy_arguments),
	KUNIT_CASE(marker_test_instances),
	KUNIT_CASE(marker_test_private_data),
	KUNIT_CASE(marker_test_conversions),
	KUNIT_CASE(marker_test_conversions_each_probe),
	KUNIT_CASE(marker_test_conversions_both_types),
	KUNIT_CASE(marker_test_promotions_both_types),
	KUNIT_CASE(marker_test_shared_key),
	KUNIT_CASE(marker_test_batched_load),
	KUNIT_CASE(marker_test_counter_no_call),
	KUNIT_CASE(marker_test_nested_hit),
	KUNIT_CASE_SLOW(marker_test_synchronize),
	KUNIT_CASE(marker_test_probes_max),
	KUNIT_CASE(marker_test_holder_survives_disarm),
	KUNIT_CASE(marker_test_tp_refused),
	KUNIT_CASE(marker_test_tp_refused_sync),
	KUNIT_CASE(marker_test_event_fields),
	KUNIT_CASE(marker_test_event_text),
	KUNIT_CASE(marker_test_event_fill),
	KUNIT_CASE(marker_test_event_refused),
	KUNIT_CASE(marker_test_control_parse),
	{}
};

static struct kunit_suite marker_test_suite = {
	.name = "markers",
	.test_cases = marker_test_cases,
};

kunit_test_suite(marker_test_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests of the kernel markers registry");
