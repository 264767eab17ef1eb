/**
 * The admin's catalogue over real HTTP: suppliers with certifications, products with SKUs and lots created and
 * saved whole, filters, the leader's catalogue following at once, audit records, and the refusals — bad input
 * (400, nothing changed), duplicates (409), removing what a campaign sells (409), other roles (403).
 */
import request from 'supertest';
import { startTestServer, type TestServer } from '../../helpers/server';
import { testDialect } from '../../helpers/db';
import { auth, buildWorld, openCampaign, type World } from '../../helpers/world';

const supplierBody = (name: string) => ({
  name, region: '浙江杭州临安', description: '山核桃合作社',
  certifications: [{ name: '绿色食品证书', number: 'LB-01-123', issuer: '中国绿色食品发展中心', validUntil: '2027-06-30' }],
});

const productBody = (supplierId: number) => ({
  supplierId, title: '临安山核桃', description: '手剥山核桃，奶油味', category: 'nuts', fresh: false, unit: '袋', weightGrams: 500,
  storage: 'ambient', shelfLifeDays: 180, images: ['/static/demo/tea.svg'], leaderCommissionBps: 800,
  skus: [
    { code: 'NUT-500', spec: '500g 袋装', listPriceFen: 6800, supplyCostFen: 3900, stock: 120 },
    { spec: '250g 尝鲜装', listPriceFen: 3600, supplyCostFen: 2000, stock: 10 },
  ],
  lots: [{ lotCode: 'LA-2026-09', originProvince: '浙江', originCounty: '杭州市临安区', originVillage: '岛石镇', harvestedOn: '2026-09-10', storageNote: '阴凉干燥' }],
});

describe(`[${testDialect()}] admin catalogue API`, () => {
  let srv: TestServer;
  let w: World;
  beforeAll(async () => { srv = await startTestServer(); });
  afterAll(async () => { await srv.close(); });
  beforeEach(async () => { await srv.reset(); w = await buildWorld(srv, 1); });

  const api = () => request(srv.url);
  const admin = () => auth(w.admin);
  const expectError = (res: request.Response, status: number, code: string, message?: RegExp) => {
    expect({ status: res.status, code: res.body.error?.code }).toEqual({ status, code });
    expect(res.body.error.message).toEqual(expect.any(String));
    if (message) expect(res.body.error.message).toMatch(message);
  };
  const counts = async () => {
    const [r] = await srv.container.db.select<Record<string, number>>(
      'SELECT (SELECT COUNT(*) FROM suppliers) AS s, (SELECT COUNT(*) FROM supplier_certifications) AS c, (SELECT COUNT(*) FROM products) AS p, (SELECT COUNT(*) FROM skus) AS k, (SELECT COUNT(*) FROM lots) AS l');
    return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v)]));
  };

  it('creates a supplier and a product with SKUs and a lot; the leader catalogue shows it; saving edits prices, adds and removes parts', async () => {
    const s = await api().post('/api/admin/catalogue/suppliers').set(admin()).send(supplierBody('临安山核桃合作社')).expect(201);
    expect(s.body.data).toMatchObject({ name: '临安山核桃合作社', productCount: 0, certifications: [{ number: 'LB-01-123', validUntil: '2027-06-30' }] });
    const created = await api().post('/api/admin/catalogue/products').set(admin()).send(productBody(s.body.data.id)).expect(201);
    const p = created.body.data;
    expect(p).toMatchObject({
      title: '临安山核桃', supplier: { id: s.body.data.id, name: '临安山核桃合作社' }, storage: 'ambient', leaderCommissionBps: 800, images: ['/static/demo/tea.svg'],
      skus: [{ code: 'NUT-500', listPriceFen: 6800, supplyCostFen: 3900, stock: 120, campaignCount: 0 }, { spec: '250g 尝鲜装', campaignCount: 0 }],
      lots: [{ lotCode: 'LA-2026-09', originVillage: '岛石镇', harvestedOn: '2026-09-10' }],
    });
    expect(p.skus[1].code).toMatch(/^P\d+-2-/); // made up when none is given

    // The leader's catalogue (what a campaign is opened from) has it at once.
    let browse = (await api().get('/api/catalogue').set(auth(w.leader)).expect(200)).body.data;
    let entry = browse.find((e: { product: { id: number } }) => e.product.id === p.id);
    expect(entry).toMatchObject({ supplier: { name: '临安山核桃合作社' }, skus: [{ listPriceFen: 6800 }, { listPriceFen: 3600 }], lots: [{ lotCode: 'LA-2026-09', origin: '浙江 杭州市临安区 岛石镇' }] });

    // Save: a new price on the first SKU, the second removed, a SKU and a lot added.
    const body = productBody(s.body.data.id);
    const saved = await api().put(`/api/admin/catalogue/products/${p.id}`).set(admin()).send({
      ...body, title: '临安手剥山核桃',
      skus: [{ id: p.skus[0].id, code: 'NUT-500', spec: '500g 袋装', listPriceFen: 5990, supplyCostFen: 3900, stock: 100 }, { spec: '1kg 礼盒', listPriceFen: 12800, supplyCostFen: 7600, stock: 30 }],
      lots: [{ id: p.lots[0].id, ...body.lots[0] }, { lotCode: 'LA-2026-10', originProvince: '浙江', originCounty: '杭州市临安区', harvestedOn: '2026-10-01' }],
    }).expect(200);
    expect(saved.body.data.skus.map((x: { spec: string; listPriceFen: number }) => [x.spec, x.listPriceFen])).toEqual([['500g 袋装', 5990], ['1kg 礼盒', 12800]]);
    expect(saved.body.data.skus[0].id).toBe(p.skus[0].id);
    expect(saved.body.data.lots.map((l: { lotCode: string }) => l.lotCode)).toEqual(['LA-2026-09', 'LA-2026-10']);
    browse = (await api().get('/api/catalogue').set(auth(w.leader)).expect(200)).body.data;
    entry = browse.find((e: { product: { id: number } }) => e.product.id === p.id);
    expect(entry.product.title).toBe('临安手剥山核桃');
    expect(entry.skus.map((x: { listPriceFen: number }) => x.listPriceFen)).toEqual([5990, 12800]);

    // Audited, by the admin who did it.
    const audit = await srv.container.audit.list({ entity: 'product', entityId: p.id });
    expect(audit.map((a) => [a.action, a.actorUserId])).toEqual([['product.update', w.admin.id], ['product.create', w.admin.id]]);
    expect(audit[0].details).toMatchObject({ removedSkus: [p.skus[1].id], removedLots: [] });
    expect((await srv.container.audit.list({ entity: 'supplier' })).map((a) => a.action)).toEqual(['supplier.create']);

    // Supplier saved with a new certification list.
    const s2 = await api().put(`/api/admin/catalogue/suppliers/${s.body.data.id}`).set(admin())
      .send({ ...supplierBody('临安山核桃合作社'), contactPhone: '0571-88886666', certifications: [{ name: '有机产品认证', number: 'ORG-9' }] }).expect(200);
    expect(s2.body.data).toMatchObject({ contactPhone: '0571-88886666', productCount: 1, certifications: [{ name: '有机产品认证', number: 'ORG-9', issuer: null, validUntil: null }] });
  });

  it('lists products by search, category, storage and stock', async () => {
    const s = (await api().post('/api/admin/catalogue/suppliers').set(admin()).send(supplierBody('临安合作社')).expect(201)).body.data;
    const nut = (await api().post('/api/admin/catalogue/products').set(admin()).send(productBody(s.id)).expect(201)).body.data;
    const list = async (qs: string) => (await api().get(`/api/admin/catalogue/products?${qs}`).set(admin()).expect(200)).body.data;

    const all = await list('');
    expect(all.categories).toEqual(['fruit', 'grain', 'nuts']);
    expect(all.items.map((i: { title: string }) => i.title)).toEqual(['临安山核桃', '大米', '水蜜桃']);
    expect(all.items[0]).toMatchObject({ id: nut.id, skuCount: 2, lotCount: 1, minListPriceFen: 3600, totalStock: 130, image: '/static/demo/tea.svg', supplier: { name: '临安合作社' } });
    expect((await list('q=核桃')).items.map((i: { id: number }) => i.id)).toEqual([nut.id]);
    expect((await list('q=临安合作')).items.map((i: { id: number }) => i.id)).toEqual([nut.id]); // by supplier name
    expect((await list('q=100%25')).items).toEqual([]); // LIKE wildcards are literal
    expect((await list('category=fruit')).items.map((i: { title: string }) => i.title)).toEqual(['水蜜桃']);
    expect((await list('storage=chilled')).items.map((i: { title: string }) => i.title)).toEqual(['水蜜桃']);
    await srv.container.db.execute('UPDATE skus SET stock = 0 WHERE id = :id', { id: w.riceSku });
    await srv.container.db.execute('UPDATE skus SET stock = 5 WHERE id = :id', { id: w.peachSku });
    expect((await list('stock=out')).items.map((i: { title: string }) => i.title)).toEqual(['大米']);
    expect((await list('stock=low')).items.map((i: { title: string }) => i.title)).toEqual(['水蜜桃']);
    expect((await list('stock=in_stock')).items.map((i: { title: string }) => i.title)).toEqual(['临安山核桃', '水蜜桃']);
    expect((await list(`supplierId=${s.id}&stock=all`)).items).toHaveLength(1);
  });

  it('refuses bad input with 400 in the common shape, and changes nothing', async () => {
    const s = (await api().post('/api/admin/catalogue/suppliers').set(admin()).send(supplierBody('临安合作社')).expect(201)).body.data;
    const before = await counts();
    const bad: Array<[Record<string, unknown>, RegExp]> = [
      [{ title: '' }, /商品名称/],
      [{ storage: 'warm' }, /储存方式/],
      [{ skus: [] }, /至少要有一个规格/],
      [{ skus: [{ spec: '1kg', listPriceFen: 12.5, supplyCostFen: 100, stock: 1 }] }, /零售价要是整数/],
      [{ skus: [{ spec: '1kg', listPriceFen: 1000, supplyCostFen: 2000, stock: 1 }] }, /供货价不能高于零售价/],
      [{ skus: [{ spec: '1kg', listPriceFen: 1000, supplyCostFen: 100, stock: -1 }] }, /库存不能为负/],
      [{ skus: [{ spec: 'a', listPriceFen: 100, supplyCostFen: 1, stock: 1 }, { spec: 'a', listPriceFen: 100, supplyCostFen: 1, stock: 1 }] }, /规格名称不能重复/],
      [{ lots: [{ lotCode: 'X', originProvince: '浙江', originCounty: '临安', harvestedOn: '2026-02-30' }] }, /有效的日期/],
      [{ images: ['javascript:alert(1)'] }, /图片地址无效/],
      [{ leaderCommissionBps: 9000 }, /最多 50%/],
    ];
    for (const [patch, message] of bad) {
      expectError(await api().post('/api/admin/catalogue/products').set(admin()).send({ ...productBody(s.id), ...patch }), 400, 'INVALID_INPUT', message);
    }
    expectError(await api().post('/api/admin/catalogue/products').set(admin()).send(productBody(99_999)), 400, 'INVALID_INPUT', /供应商/);
    expectError(await api().post('/api/admin/catalogue/suppliers').set(admin()).send({ ...supplierBody('x'), certifications: [{ name: 'a', number: '1' }, { name: 'b', number: '1' }] }), 400, 'INVALID_INPUT', /证书编号不能重复/);
    expectError(await api().put('/api/admin/catalogue/products/99999').set(admin()).send(productBody(s.id)), 404, 'NOT_FOUND');
    expect(await counts()).toEqual(before);
  });

  it('answers duplicates with 409 and leaves the product as it was', async () => {
    const s = (await api().post('/api/admin/catalogue/suppliers').set(admin()).send(supplierBody('临安合作社')).expect(201)).body.data;
    expectError(await api().post('/api/admin/catalogue/suppliers').set(admin()).send(supplierBody('临安合作社')), 409, 'CONFLICT', /已存在/);
    const p = (await api().post('/api/admin/catalogue/products').set(admin()).send(productBody(s.id)).expect(201)).body.data;
    const before = await counts();
    // Another product may not reuse a SKU code: the whole product is refused, lots included.
    expectError(await api().post('/api/admin/catalogue/products').set(admin()).send(productBody(s.id)), 409, 'CONFLICT', /编码已被/);
    expect(await counts()).toEqual(before);
    // A save that takes another SKU's code changes nothing, not even the title.
    const [{ code: riceCode }] = await srv.container.db.select<{ code: string }>('SELECT code FROM skus WHERE id = :id', { id: w.riceSku });
    const body = productBody(s.id);
    expectError(await api().put(`/api/admin/catalogue/products/${p.id}`).set(admin())
      .send({ ...body, title: '改了名字', skus: [{ id: p.skus[0].id, ...body.skus[0], code: riceCode }], lots: [{ id: p.lots[0].id, ...body.lots[0] }] }), 409, 'CONFLICT');
    const again = (await api().get(`/api/admin/catalogue/products/${p.id}`).set(admin()).expect(200)).body.data;
    expect(again.title).toBe('临安山核桃');
    expect(again.skus).toHaveLength(2);
    // A SKU id of another product is not this product's to edit.
    expectError(await api().put(`/api/admin/catalogue/products/${p.id}`).set(admin())
      .send({ ...body, skus: [{ id: w.riceSku, spec: 'x', listPriceFen: 100, supplyCostFen: 1, stock: 1 }] }), 400, 'INVALID_INPUT', /不属于这个商品/);
    expect(await counts()).toEqual(before);
  });

  it('keeps SKUs, lots and products a campaign sells (409), and removes unused ones', async () => {
    await openCampaign(srv, w); // sells the peach SKU with its lot
    const peach = (await srv.container.catalogue.skus([w.peachSku])).get(w.peachSku)!;
    const detail = (await api().get(`/api/admin/catalogue/products/${peach.productId}`).set(admin()).expect(200)).body.data;
    expect(detail.skus[0]).toMatchObject({ id: w.peachSku, campaignCount: 1 });
    expect(detail.lots[0]).toMatchObject({ id: w.peachLot, campaignCount: 1 });
    const body = {
      supplierId: detail.supplier.id, title: detail.title, category: detail.category, fresh: detail.fresh, unit: detail.unit, storage: detail.storage,
      skus: [{ spec: '10斤', listPriceFen: 16800, supplyCostFen: 8000, stock: 10 }], lots: [],
    };
    const before = await counts();
    expectError(await api().put(`/api/admin/catalogue/products/${detail.id}`).set(admin()).send(body), 409, 'CONFLICT', /规格「5斤」、批次「FH-1」已用于团购/);
    expectError(await api().delete(`/api/admin/catalogue/products/${detail.id}`).set(admin()), 409, 'CONFLICT', /已用于团购/);
    expect(await counts()).toEqual(before);
    // Editing the SKU it sells is fine (the campaign keeps its own price).
    await api().put(`/api/admin/catalogue/products/${detail.id}`).set(admin())
      .send({ ...body, skus: [{ id: w.peachSku, spec: '5斤', listPriceFen: 9900, supplyCostFen: 4000, stock: 0 }], lots: [{ id: w.peachLot, lotCode: 'FH-1', originProvince: '浙江', originCounty: '奉化', harvestedOn: '2026-07-20' }] })
      .expect(200);

    // A supplier with products stays; the rice product (no campaign) goes with its SKU and lot, then its supplier can.
    const rice = (await srv.container.catalogue.skus([w.riceSku])).get(w.riceSku)!;
    expectError(await api().delete(`/api/admin/catalogue/suppliers/${rice.supplierId}`).set(admin()), 409, 'CONFLICT', /还有 2 个商品/);
    await api().delete(`/api/admin/catalogue/products/${rice.productId}`).set(admin()).expect(200);
    expect(await counts()).toMatchObject({ p: before.p - 1, k: before.k - 1, l: before.l - 1 });
    expectError(await api().get(`/api/admin/catalogue/products/${rice.productId}`).set(admin()), 404, 'NOT_FOUND');
  });

  it('is for admins only', async () => {
    for (const who of [w.leader, w.neighbours[0], w.storeOwner]) {
      expectError(await api().get('/api/admin/catalogue/products').set(auth(who)), 403, 'FORBIDDEN');
      expectError(await api().post('/api/admin/catalogue/suppliers').set(auth(who)).send(supplierBody('x')), 403, 'FORBIDDEN');
    }
    expectError(await api().get('/api/admin/catalogue/suppliers'), 401, 'UNAUTHORIZED');
  });
});
