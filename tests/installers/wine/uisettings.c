/* A stand-in for Windows' Windows.UI.ViewManagement.UISettings runtime class, for starting the built window under
 * wine 8 in tests only. Qt 6.5 and later ask it for the system's colours (C++/WinRT), which Windows 10 and 11 have
 * and wine 8 lacks; the unanswered activation is thrown as a C++ exception and ends the program. It answers
 * GetColorValue with Windows' default light colours. Built by tests/installers/wine_pc.py into the test's wine prefix and
 * registered there; never shipped. */
#include <windows.h>

typedef struct { BYTE A, R, G, B; } Color;
typedef void *HSTRING;

static const GUID IID_IUnknown_ = {0x00000000, 0x0000, 0x0000, {0xC0, 0, 0, 0, 0, 0, 0, 0x46}};
static const GUID IID_IInspectable_ = {0xAF86E2E0, 0xB12D, 0x4C6A, {0x9C, 0x5A, 0xD7, 0xAA, 0x65, 0x10, 0x1E, 0x90}};
static const GUID IID_IActivationFactory_ = {0x00000035, 0x0000, 0x0000, {0xC0, 0, 0, 0, 0, 0, 0, 0x46}};
static const GUID IID_IAgileObject_ = {0x94EA2B94, 0xE9CC, 0x49E0, {0xC0, 0xFF, 0xEE, 0x64, 0xCA, 0x8F, 0x5B, 0x90}};
static const GUID IID_IUISettings_ = {0x85361600, 0x1C63, 0x4627, {0xBC, 0xB1, 0x3A, 0x89, 0xE0, 0xBC, 0x9C, 0x55}};
static const GUID IID_IUISettings3_ = {0x03021BE4, 0x5254, 0x4781, {0x81, 0x94, 0x51, 0x68, 0xF7, 0xD0, 0x6D, 0x7B}};

typedef struct Object { void **vtbl; } Object;

static HRESULT WINAPI not_implemented(void) { return E_NOTIMPL; }
static ULONG WINAPI add_ref(Object *self) { return 2; }  /* one static object each: nothing to count */
static ULONG WINAPI release(Object *self) { return 1; }
static HRESULT WINAPI get_iids(Object *self, ULONG *count, GUID **iids) { *count = 0; *iids = NULL; return S_OK; }
static HRESULT WINAPI get_class_name(Object *self, HSTRING *name) { *name = NULL; return S_OK; }
static HRESULT WINAPI get_trust_level(Object *self, int *level) { *level = 0; return S_OK; }

static void *settings_vtbl[32], *settings3_vtbl[9], *factory_vtbl[7];
static Object settings = {settings_vtbl}, settings3 = {settings3_vtbl}, factory = {factory_vtbl};

static HRESULT WINAPI settings_query(Object *self, const GUID *iid, void **out) {
    if (IsEqualGUID(iid, &IID_IUnknown_) || IsEqualGUID(iid, &IID_IInspectable_) || IsEqualGUID(iid, &IID_IAgileObject_)
            || IsEqualGUID(iid, &IID_IUISettings_)) { *out = &settings; return S_OK; }
    if (IsEqualGUID(iid, &IID_IUISettings3_)) { *out = &settings3; return S_OK; }
    *out = NULL;
    return E_NOINTERFACE;
}

/* UIColorType: 0 Background, 1 Foreground, 2-4 AccentDark3..1, 5 Accent, 6-8 AccentLight1..3, 9 Complement */
static HRESULT WINAPI get_color_value(Object *self, int type, Color *value) {
    static const Color colors[] = {{255, 255, 255, 255}, {255, 0, 0, 0}, {255, 0, 32, 80}, {255, 0, 62, 146},
                                   {255, 0, 90, 158}, {255, 0, 120, 215}, {255, 66, 156, 227}, {255, 118, 185, 237},
                                   {255, 166, 216, 255}, {255, 0, 0, 0}};
    *value = colors[type >= 0 && type < 10 ? type : 5];
    return S_OK;
}

static HRESULT WINAPI add_handler(Object *self, void *handler, INT64 *token) { *token = 1; return S_OK; }
static HRESULT WINAPI remove_handler(Object *self, INT64 token) { return S_OK; }

static HRESULT WINAPI factory_query(Object *self, const GUID *iid, void **out) {
    if (IsEqualGUID(iid, &IID_IUnknown_) || IsEqualGUID(iid, &IID_IInspectable_) || IsEqualGUID(iid, &IID_IAgileObject_)
            || IsEqualGUID(iid, &IID_IActivationFactory_)) { *out = &factory; return S_OK; }
    *out = NULL;
    return E_NOINTERFACE;
}

static HRESULT WINAPI activate_instance(Object *self, Object **instance) { *instance = &settings; return S_OK; }

static void fill(void **vtbl, int slots, void *query) {
    vtbl[0] = query; vtbl[1] = add_ref; vtbl[2] = release;
    vtbl[3] = get_iids; vtbl[4] = get_class_name; vtbl[5] = get_trust_level;
    for (int i = 6; i < slots; i++) vtbl[i] = not_implemented;
}

HRESULT WINAPI DllGetActivationFactory(HSTRING class_id, Object **out) {
    fill(settings_vtbl, 32, settings_query);
    fill(settings3_vtbl, 9, settings_query);
    settings3_vtbl[6] = get_color_value;   /* IUISettings3: GetColorValue, add_/remove_ColorValuesChanged */
    settings3_vtbl[7] = add_handler;
    settings3_vtbl[8] = remove_handler;
    fill(factory_vtbl, 7, factory_query);
    factory_vtbl[6] = activate_instance;   /* IActivationFactory: ActivateInstance */
    *out = &factory;
    return S_OK;
}

HRESULT WINAPI DllCanUnloadNow(void) { return S_FALSE; }
